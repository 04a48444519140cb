import { NO_TOPICS, type Subscription } from './Subscription.js';

/**
 * Who reads which topic: topic → clients for names, prefix → clients for patterns. Adding and
 * removing a client is O(its topics); finding the readers of an event looks up the topic and each
 * of its prefixes ending at a `/` (O(its depth)), never every client nor every pattern.
 */
export class TopicIndex<C> {
  private readonly byTopic = new Map<string, Set<C>>();
  private readonly byPrefix = new Map<string, Set<C>>();
  private readonly subscriptions = new Map<C, Subscription>();

  /** What a client reads: its subscription, or channel-wide events only. */
  subscriptionOf(client: C): Subscription {
    return this.subscriptions.get(client) ?? NO_TOPICS;
  }

  /** Indexes a client under each of its topics and patterns; a client without topics is not kept. */
  add(client: C, subscription: Subscription): void {
    if (subscription.names.length === 0) return;
    this.subscriptions.set(client, subscription);
    for (const topic of subscription.topics) readersIn(this.byTopic, topic).add(client);
    for (const prefix of subscription.prefixes) readersIn(this.byPrefix, prefix).add(client);
  }

  /** Forgets a client. */
  remove(client: C): void {
    const subscription = this.subscriptions.get(client);
    if (subscription === undefined) return;
    this.subscriptions.delete(client);
    for (const topic of subscription.topics) leave(this.byTopic, topic, client);
    for (const prefix of subscription.prefixes) leave(this.byPrefix, prefix, client);
  }

  /** The clients that read `topic`, each once. */
  readers(topic: string): Iterable<C> {
    const found: Set<C>[] = [];
    const named = this.byTopic.get(topic);
    if (named) found.push(named);
    if (this.byPrefix.size > 0) {
      const every = this.byPrefix.get('');
      if (every) found.push(every);
      for (let slash = topic.indexOf('/'); slash !== -1; slash = topic.indexOf('/', slash + 1)) {
        const matched = this.byPrefix.get(topic.slice(0, slash + 1));
        if (matched) found.push(matched);
      }
    }
    if (found.length <= 1) return found[0] ?? [];
    const once = new Set<C>();
    for (const readers of found) for (const client of readers) once.add(client);
    return once;
  }
}

function readersIn<C>(index: Map<string, Set<C>>, key: string): Set<C> {
  let readers = index.get(key);
  if (readers === undefined) index.set(key, (readers = new Set()));
  return readers;
}

function leave<C>(index: Map<string, Set<C>>, key: string, client: C): void {
  const readers = index.get(key);
  if (readers === undefined) return;
  readers.delete(client);
  if (readers.size === 0) index.delete(key);
}
