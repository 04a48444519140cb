import { queryString } from './connect.js';
import { NO_TOPICS, Subscription } from './Subscription.js';
import { isTopicName } from './topicName.js';
import type { ResolvedTopics } from './topicOptions.js';

/**
 * The subscription a request asks for, or the status that refuses it: 400 for an invalid name or
 * more than `maxTopics` topics, 403 for a topic `authorizeTopic` refuses (with `'omit'`: when none
 * is left). A request that names no topic reads channel-wide events only.
 *
 * @throws what the `topics` or `authorizeTopic` function threw; TypeError when `topics` returned no array.
 */
export function subscribe<R>(options: ResolvedTopics<R>, url: string, request: R): Subscription | 400 | 403 {
  const { topics, authorizeTopic, unauthorizedTopics, maxTopics } = options;
  if (topics === undefined) return NO_TOPICS;
  const asked = topics === 'query' ? new URLSearchParams(queryString(url)).getAll('topic') : topics(request);
  if (!Array.isArray(asked)) throw new TypeError('the topics option must return an array of topic names');
  const names = new Set<string>();
  for (const name of asked as unknown[]) {
    if (!isTopicName(name)) return 400;
    names.add(name);
    if (names.size > maxTopics) return 400;
  }
  if (authorizeTopic === undefined) return new Subscription([...names]);
  const allowed = [...names].filter((name) => authorizeTopic(name, request) === true);
  if (allowed.length === names.size) return new Subscription(allowed);
  return unauthorizedTopics === 'omit' && allowed.length > 0 ? new Subscription(allowed) : 403;
}
