/** A topic (`rooms/a`) or a pattern (`rooms/*`, `*`): no CR, LF, NUL or `#`, and `*` only as the last segment. */
const TOPIC = /^(?:[^\r\n\0#*]+|(?:[^\r\n\0#*]*\/)?\*)$/;

/**
 * Checks a topic name as the channel does (1 to 200 characters), so that a typo throws here rather
 * than being refused with a 400 that stops the client.
 *
 * @throws TypeError naming `what` and the value.
 */
export function checkTopicName(name: unknown, what: string): string {
  if (typeof name === 'string' && name.length <= 200 && TOPIC.test(name)) return name;
  throw new TypeError(`${what} must be a topic name of 1 to 200 characters without CR, LF, NUL or '#', '*' only as its last segment (got ${JSON.stringify(name)})`);
}
