import type { Subscription } from './Subscription.js';
import { TopicGroup, type Grouped } from './TopicGroup.js';

/**
 * Who reads which topic. Clients that read the same topics form one group; the index maps each
 * topic to the groups that read it by name, and each prefix to those that read it by pattern.
 * Adding and removing a client is O(its topics); finding the readers of an event looks up the topic
 * and each of its prefixes ending at a `/` (O(its depth)), never every group nor every pattern.
 */
export class TopicIndex<C extends Grouped<C>> {
  private readonly groups = new Map<string, TopicGroup<C>>();
  private readonly byTopic = new Map<string, Set<TopicGroup<C>>>();
  private readonly byPrefix = new Map<string, Set<TopicGroup<C>>>();

  /** Puts a client in the group of its subscription, made and indexed when it is the first; a client without topics has none. */
  add(client: C, subscription: Subscription): void {
    if (subscription.names.length === 0) return;
    let group = this.groups.get(subscription.key);
    if (group === undefined) {
      group = new TopicGroup<C>(subscription);
      this.groups.set(subscription.key, group);
      for (const topic of subscription.topics) readersIn(this.byTopic, topic).add(group);
      for (const prefix of subscription.prefixes) readersIn(this.byPrefix, prefix).add(group);
    }
    group.members.add(client);
    client.group = group;
  }

  /** Takes a client out of its group, and forgets the group when it was the last. */
  remove(client: C): void {
    const group = client.group;
    if (group === undefined || !group.members.delete(client)) return;
    if (group.members.size > 0) return;
    const { subscription } = group;
    this.groups.delete(subscription.key);
    for (const topic of subscription.topics) leave(this.byTopic, topic, group);
    for (const prefix of subscription.prefixes) leave(this.byPrefix, prefix, group);
  }

  /** The groups that read `topic`, each once. */
  readers(topic: string): Iterable<TopicGroup<C>> {
    const found: Set<TopicGroup<C>>[] = [];
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
    const once = new Set<TopicGroup<C>>();
    for (const readers of found) for (const group of readers) once.add(group);
    return once;
  }
}

function readersIn<G>(index: Map<string, Set<G>>, key: string): Set<G> {
  let readers = index.get(key);
  if (readers === undefined) index.set(key, (readers = new Set()));
  return readers;
}

function leave<G>(index: Map<string, Set<G>>, key: string, group: G): void {
  const readers = index.get(key);
  if (readers === undefined) return;
  readers.delete(group);
  if (readers.size === 0) index.delete(key);
}
