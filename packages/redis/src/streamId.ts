/** A Redis stream entry id: milliseconds and sequence, each a 64-bit unsigned integer. */
const STREAM_ID = /^(\d{1,20})-(\d{1,20})$/;
const INTEGER = /^\d{1,20}$/;
const U64_MAX = 2n ** 64n - 1n;

/** The two parts of a stream id, or undefined when `text` is not a valid one. */
export function parseStreamId(text: string): [bigint, bigint] | undefined {
  const match = STREAM_ID.exec(text);
  if (!match) return undefined;
  const ms = BigInt(match[1] as string);
  const seq = BigInt(match[2] as string);
  return ms <= U64_MAX && seq <= U64_MAX ? [ms, seq] : undefined;
}

/** Orders two valid stream ids: negative, zero or positive like `a - b`. */
export function compareStreamIds(a: string, b: string): number {
  const [aMs, aSeq] = parseStreamId(a) as [bigint, bigint];
  const [bMs, bSeq] = parseStreamId(b) as [bigint, bigint];
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  return aSeq === bSeq ? 0 : aSeq < bSeq ? -1 : 1;
}

/**
 * The XRANGE start for a replay after `lastEventId`: exclusive of a valid stream id (whether or not
 * it is still kept, so only newer entries come back); a plain integer counts as that millisecond;
 * anything else is unknown and replays everything kept, as the in-memory channel does.
 */
export function replayStart(lastEventId: string): string {
  if (parseStreamId(lastEventId)) return `(${lastEventId}`;
  if (INTEGER.test(lastEventId) && BigInt(lastEventId) <= U64_MAX) return `(${lastEventId}-${U64_MAX}`;
  return '-';
}
