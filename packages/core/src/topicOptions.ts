import { checkBoolean, checkInteger, describe } from './optionValues.js';

/** What a topics channel does with a request for topics that `authorizeTopic` refuses. */
export type UnauthorizedTopics = 'refuse' | 'omit';

/**
 * Channel options for topics: named streams inside one channel, several of which a client reads
 * over one connection, all under the channel's one id sequence (one Last-Event-ID resumes them all).
 */
export interface TopicOptions<R> {
  /**
   * Lets clients subscribe to topics. `true` reads them from the query string, repeatable
   * (`?topic=rooms/a&topic=ticker`); a function returns them from the request (its path, its
   * session...). A name ending in `/*` is a pattern: `rooms/*` reads every topic starting with
   * `rooms/`. Default off: clients read channel-wide events only.
   */
  topics?: boolean | ((request: R) => readonly string[]);
  /** Whether the request may read a topic (a pattern is asked about as written). Default: every topic is allowed. */
  authorizeTopic?: (topic: string, request: R) => boolean;
  /**
   * A request for a topic `authorizeTopic` refuses: `'refuse'` (default) answers the whole request
   * 403; `'omit'` leaves those topics out (403 when none is left).
   */
  unauthorizedTopics?: UnauthorizedTopics;
  /** The most topics one connection may read; a request for more is answered 400. Default 100. */
  maxTopics?: number;
}

/** Topic options after validation; `topics` undefined when the channel has none. */
export interface ResolvedTopics<R> {
  topics: 'query' | ((request: R) => readonly string[]) | undefined;
  authorizeTopic: ((topic: string, request: R) => boolean) | undefined;
  unauthorizedTopics: UnauthorizedTopics;
  maxTopics: number;
}

/** Validates the topic options (a plain copy, read once) and applies defaults. */
export function resolveTopics<R>(options: TopicOptions<R>): ResolvedTopics<R> {
  const { topics = false, authorizeTopic, unauthorizedTopics, maxTopics } = options;
  const enabled = typeof topics === 'function' ? topics : checkTopicsFlag(topics) ? 'query' : undefined;
  const dependent: Array<[string, unknown]> = [
    ['authorizeTopic', authorizeTopic],
    ['unauthorizedTopics', unauthorizedTopics],
    ['maxTopics', maxTopics],
  ];
  for (const [name, value] of dependent) {
    if (value !== undefined && enabled === undefined) throw new RangeError(`${name} needs the topics option (got ${describe(value)})`);
  }
  if (authorizeTopic !== undefined && typeof authorizeTopic !== 'function') {
    throw new TypeError(`authorizeTopic must be a function of the topic and the request (got ${describe(authorizeTopic)})`);
  }
  if (unauthorizedTopics !== undefined && unauthorizedTopics !== 'refuse' && unauthorizedTopics !== 'omit') {
    throw new RangeError(`unauthorizedTopics must be 'refuse' or 'omit' (got ${describe(unauthorizedTopics)})`);
  }
  return {
    topics: enabled,
    authorizeTopic,
    unauthorizedTopics: unauthorizedTopics ?? 'refuse',
    maxTopics: maxTopics === undefined ? 100 : checkInteger('maxTopics', maxTopics, 1),
  };
}

function checkTopicsFlag(topics: unknown): boolean {
  try {
    return checkBoolean('topics', topics);
  } catch {
    throw new TypeError(`topics must be a boolean or a function of the request (got ${describe(topics)})`);
  }
}
