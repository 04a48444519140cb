import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';

/** Messages asked for at a time. */
const PAGE = 1000;
/** How long a pull may wait when the stream holds fewer messages than asked (the least the client allows). */
const EXPIRES_MS = 1000;
/** How long the server keeps a reading consumer that was not deleted (its reader died). */
const INACTIVE_MS = 10000;

/** A message of the stream: its sequence, its body and when the server stored it (ms since epoch). */
export interface StoredMessage {
  sequence: number;
  body: Uint8Array;
  storedAt: number;
}

/**
 * The messages of a stream from sequence `start` up to `upTo`, oldest first, read through an
 * ordered consumer of its own (deleted afterwards) unless the stream holds none of them. Trimmed
 * messages are simply absent. Reading stops at `upTo` or at the newest message, so it waits only
 * when the stream emptied meanwhile.
 */
export async function readStream(js: JetStreamClient, manager: JetStreamManager, stream: string, start: number, upTo: number): Promise<StoredMessage[]> {
  const read: StoredMessage[] = [];
  const { state } = await manager.streams.info(stream);
  if (state.messages === 0 || state.first_seq > upTo) return read;
  const consumer = await js.consumers.get(stream, { opt_start_seq: start, inactive_threshold: INACTIVE_MS });
  try {
    for (;;) {
      const batch = await consumer.fetch({ max_messages: PAGE, expires: EXPIRES_MS });
      let count = 0;
      for await (const message of batch) {
        count++;
        if (message.seq <= upTo) read.push({ sequence: message.seq, body: message.data, storedAt: message.info.timestampNanos / 1e6 });
        if (message.seq >= upTo || message.info.pending === 0) return read;
      }
      if (count === 0) return read;
    }
  } finally {
    consumer.delete().catch(() => undefined);
  }
}
