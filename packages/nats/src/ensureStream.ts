import { JetStreamApiCodes, JetStreamApiError, type JetStreamManager, type StreamInfo, type StreamState } from '@nats-io/jetstream';

/** A channel's stream as this package wants it. */
export interface StreamSpec {
  name: string;
  subject: string;
  /** Messages kept (at least 1: JetStream reads 0 as no limit). */
  maxMessages: number;
  /** Milliseconds a message is kept, 0 for no limit. */
  maxAgeMs: number;
}

/**
 * Makes sure the channel's stream exists with the spec's subject and limits, creating it or
 * updating those (other settings, such as replicas or storage, are left as an administrator set
 * them). When its sequence is behind `position`, the newest sequence this process delivered, the
 * server lost its data: the sequence is moved past `position` (a purge up to it, which drops only
 * messages numbered at or below ids this process delivered already), so ids never go backwards.
 *
 * @returns the stream's state once it is as wanted.
 */
export async function ensureStream(manager: JetStreamManager, spec: StreamSpec, position: number | undefined): Promise<StreamState> {
  const wanted = { subjects: [spec.subject], max_msgs: spec.maxMessages, max_age: spec.maxAgeMs * 1_000_000 };
  let info = await findStream(manager, spec.name);
  if (!info) {
    // With ids to go on from, it is created without its subject (JetStream then gives it its own
    // name, which nobody publishes to) and gets it once its sequence is past them, so that no
    // event is ever stored under an id already given.
    const config = position ? { name: spec.name, max_msgs: wanted.max_msgs, max_age: wanted.max_age } : { name: spec.name, ...wanted };
    try {
      info = await manager.streams.add(config);
    } catch (error) {
      // Another process created it meanwhile.
      info = await findStream(manager, spec.name);
      if (!info) throw error;
    }
  }
  if (position !== undefined && info.state.last_seq < position) {
    await manager.streams.purge(spec.name, { seq: position + 1 });
    info = await manager.streams.info(spec.name);
  }
  const { config } = info;
  if (config.max_msgs !== wanted.max_msgs || config.max_age !== wanted.max_age || config.subjects?.length !== 1 || config.subjects[0] !== spec.subject) {
    info = await manager.streams.update(spec.name, wanted);
  }
  return info.state;
}

async function findStream(manager: JetStreamManager, name: string): Promise<StreamInfo | undefined> {
  try {
    return await manager.streams.info(name);
  } catch (error) {
    if (isStreamNotFound(error)) return undefined;
    throw error;
  }
}

/** Whether a JetStream API call failed because the stream does not exist. */
export function isStreamNotFound(error: unknown): boolean {
  return error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound;
}
