import SseChannel from '@sse-channel/node';
import type { Variant } from '../variants/Variant.js';

/** 100 topics in 10 groups of 10: a client reads one group's topics (10 of 100), each topic has 1/10 of the clients. */
export const TOPIC_GROUPS = 10;
const GROUP_SIZE = 10;

/**
 * Our channel with topics, delivering as many events as the single-channel `ours` does: each bench
 * event goes to one topic of every group (event `seq` to topic `seq mod 10` of each group), so every
 * client still receives every event once and in order, the crowd checks it as usual, and each event
 * costs 10 topic sends of 1/10 of the clients each. An event delivered to a client that does not
 * read its topic arrives twice and counts as misordered; one a reader misses counts as lost.
 * Topics are handed out by the resolver in connection order.
 */
export function topicsVariant(): Variant {
  const groups = Array.from({ length: TOPIC_GROUPS }, (_, group) =>
    Array.from({ length: GROUP_SIZE }, (_, index) => `t/${group * GROUP_SIZE + index}`),
  );
  let connected = 0;
  const channel = new SseChannel({ topics: () => groups[connected++ % TOPIC_GROUPS] ?? [] });
  const topics = groups.map((names) => names.map((name) => channel.topic(name)));
  return {
    connect: (req, res) => channel.addClient(req, res),
    send(events) {
      for (const { id, data } of events) {
        const index = Number(id) % GROUP_SIZE;
        topics.forEach((group, number) => group[index]?.send({ id: `${id}.${number}`, data }));
      }
    },
    count: () => channel.getConnectionCount(),
  };
}
