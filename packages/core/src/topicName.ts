import { describe } from './optionValues.js';

/** The longest topic name, in characters. */
export const MAX_TOPIC_LENGTH = 200;

/** What can never be in a topic: CR, LF and NUL (they would inject SSE fields) and `#` (it splits topic from event name). */
const FORBIDDEN = /[\r\n\0#]/;

/**
 * Whether `name` can be subscribed to: a topic (`rooms/a`) or a pattern (`rooms/*`, or `*` for
 * every topic), 1 to 200 characters, no CR, LF, NUL or `#`, and `*` only as a pattern's last segment.
 */
export function isTopicName(name: unknown): name is string {
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_TOPIC_LENGTH || FORBIDDEN.test(name)) return false;
  const star = name.indexOf('*');
  return star === -1 || (star === name.length - 1 && (star === 0 || name[star - 1] === '/'));
}

/** Whether a valid name is a pattern, such as `rooms/*`. */
export function isTopicPattern(name: string): boolean {
  return name.endsWith('*');
}

/** What a pattern's topics start with: `rooms/` for `rooms/*`, `''` for `*`. */
export function patternPrefix(pattern: string): string {
  return pattern.slice(0, -1);
}

/**
 * Checks the name of a topic events are sent to: a valid name, not a pattern.
 *
 * @throws TypeError naming the topic when it is not one.
 */
export function checkTopic(name: unknown): string {
  if (!isTopicName(name) || isTopicPattern(name)) {
    throw new TypeError(
      `topic must be a name of 1 to ${MAX_TOPIC_LENGTH} characters without CR, LF, NUL, '#' or '*' (got ${describe(name)})`,
    );
  }
  return name;
}
