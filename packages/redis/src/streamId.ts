/** A Redis stream entry id: two 64-bit unsigned integers. This package writes `<n>-0`, n counting kept events. */
const STREAM_ID = /^(\d{1,20})-(\d{1,20})$/;
const INTEGER = /^\d{1,20}$/;
const U64_MAX = 2n ** 64n - 1n;

/** The two parts of a stream id, or undefined when `text` is not a valid one. */
export function parseStreamId(text: string): [bigint, bigint] | undefined {
  const match = STREAM_ID.exec(text);
  if (!match) return undefined;
  const first = BigInt(match[1] as string);
  const second = BigInt(match[2] as string);
  return first <= U64_MAX && second <= U64_MAX ? [first, second] : undefined;
}

/** Whether `text` is an entry id this package writes: `<n>-0`. */
export function isCountedId(text: string): boolean {
  return parseStreamId(text)?.[1] === 0n;
}

/** Orders two valid stream ids: negative, zero or positive like `a - b`. */
export function compareStreamIds(a: string, b: string): number {
  const [aFirst, aSecond] = parseStreamId(a) as [bigint, bigint];
  const [bFirst, bSecond] = parseStreamId(b) as [bigint, bigint];
  if (aFirst !== bFirst) return aFirst < bFirst ? -1 : 1;
  return aSecond === bSecond ? 0 : aSecond < bSecond ? -1 : 1;
}

/** The event id clients see for an entry this package wrote: the counter (`42-0` → `42`). */
export function eventIdOf(streamId: string): string {
  return counterOf(streamId);
}

/** The stream entry a Last-Event-ID names: an integer n is entry `n-0`; anything else names none (undefined). */
export function positionOf(lastEventId: string): string | undefined {
  if (!INTEGER.test(lastEventId)) return undefined;
  return BigInt(lastEventId) <= U64_MAX ? `${lastEventId}-0` : undefined;
}

/** The counter part of a stream id (`42-0` → `42`). */
export function counterOf(streamId: string): string {
  return streamId.slice(0, streamId.indexOf('-'));
}

/** Whether `next` directly follows `position` in the counted stream (`n-0` then `(n+1)-0`), so nothing between them was trimmed. */
export function follows(next: string, position: string): boolean {
  const [a] = parseStreamId(position) as [bigint, bigint];
  const [c, d] = parseStreamId(next) as [bigint, bigint];
  return c === a + 1n && d === 0n;
}
