import { isTopicPattern, patternPrefix } from './topicName.js';

/** Which events of history a client reads: `undefined` stands for a channel-wide event. */
export type TopicFilter = (topic: string | undefined) => boolean;

/**
 * The topics one client reads, as it asked for them (checked names and patterns, each once).
 * Channel-wide events are read by every client, subscribed or not.
 */
export class Subscription {
  /** The topics read by name. */
  readonly topics: ReadonlySet<string>;
  /** What the topics matched by a pattern start with (`rooms/` for `rooms/*`). */
  readonly prefixes: readonly string[];
  /** The same for every subscription to the same topics, in whatever order they were asked for. */
  readonly key: string;

  constructor(readonly names: readonly string[]) {
    this.topics = new Set(names.filter((name) => !isTopicPattern(name)));
    this.prefixes = names.filter(isTopicPattern).map(patternPrefix);
    // A topic name never holds LF.
    this.key = [...names].sort().join('\n');
  }

  /** Whether the client reads an event of `topic` (`undefined`: a channel-wide event, read by all). */
  readonly reads: TopicFilter = (topic) => {
    if (topic === undefined || this.topics.has(topic)) return true;
    return this.prefixes.some((prefix) => topic.startsWith(prefix));
  };
}

/** The subscription of a client that asked for no topic: it reads channel-wide events only. */
export const NO_TOPICS = new Subscription([]);
