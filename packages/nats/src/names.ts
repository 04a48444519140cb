/** The longest stream name a NATS server accepts. */
const MAX_STREAM_NAME = 255;
const PLAIN = /^[A-Za-z0-9-]$/;

/** Where one channel lives in NATS. */
export interface ChannelNames {
  /** The JetStream stream that holds the channel's kept events: `<prefix>_<token>`. */
  stream: string;
  /** The subject kept events are published on, the stream's only subject: `<prefix>.<token>`. */
  subject: string;
  /** The subject events without an id travel on, outside the stream: `<prefix>.<token>.live`. */
  live: string;
}

/**
 * The names of a channel's stream and subjects. A channel name may hold any character, and stream
 * names and subject tokens may not hold dots, spaces or wildcards, so every character but ASCII
 * letters, digits and `-` is written as `_` and the two hex digits of each of its UTF-8 bytes
 * (`a.b` → `a_2eb`); `prefix` has none of them, so the first `_` of a stream name ends the prefix
 * and no two channels or prefixes share a stream.
 *
 * @throws RangeError when the stream name would be longer than NATS allows.
 */
export function channelNames(prefix: string, channel: string): ChannelNames {
  let token = '';
  for (const character of channel) {
    if (PLAIN.test(character)) token += character;
    else for (const byte of new TextEncoder().encode(character)) token += `_${byte.toString(16).padStart(2, '0')}`;
  }
  const stream = `${prefix}_${token}`;
  if (stream.length > MAX_STREAM_NAME) {
    throw new RangeError(`channel and prefix make a stream name of ${stream.length} characters, over the ${MAX_STREAM_NAME} NATS allows (channel ${JSON.stringify(channel)})`);
  }
  return { stream, subject: `${prefix}.${token}`, live: `${prefix}.${token}.live` };
}
