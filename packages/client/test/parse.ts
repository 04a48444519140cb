import { EventStreamParser, type StreamEvent } from '../src/EventStreamParser.js';

/** What a parser reported, in order: events, and `retry` for each reconnection time it set. */
export type Reported = StreamEvent | { retry: number };

/** Feeds `chunks` to a new parser (after `reset`, as a connection does) and returns what it reported. */
export function parse(chunks: Iterable<Uint8Array>, lastEventId = ''): { reported: Reported[]; parser: EventStreamParser } {
  const reported: Reported[] = [];
  const parser = new EventStreamParser((event) => reported.push(event), (retry) => reported.push({ retry }), lastEventId);
  parser.reset();
  for (const chunk of chunks) parser.feed(chunk);
  return { reported, parser };
}

/** The bytes of `text` in UTF-8. */
export function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
