import { describe, expect, it } from 'vitest';
import { bytes, parse } from './parse.js';

/** Parses one string in one chunk. */
function events(text: string, lastEventId?: string) {
  return parse([bytes(text)], lastEventId).reported;
}

const message = (data: string, lastEventId = '', type = 'message') => ({ type, data, lastEventId });

describe('event stream parsing (WHATWG HTML, "event stream interpretation")', () => {
  it('ends lines at LF, CRLF and CR alike', () => {
    expect(events('data: a\n\ndata: b\r\n\r\ndata: c\r\rdata: d\r\n\n')).toEqual([message('a'), message('b'), message('c'), message('d')]);
  });

  it('joins data lines with LF, and keeps empty ones', () => {
    expect(events('data: one\ndata:\ndata:  two\n\n')).toEqual([message('one\n\n two')]);
  });

  it('takes one space after the colon away, and reads a line without a colon as a field with an empty value', () => {
    expect(events('data:x\n\ndata\n\n')).toEqual([message('x'), message('')]);
  });

  it('skips comments, so keep-alives and :ok never become events', () => {
    expect(events(':ok\n\n:\n:\ndata: real\n:\n\n:\n\n')).toEqual([message('real')]);
  });

  it('names events with the event field, and resets the name after each event', () => {
    expect(events('event: price\ndata: 1\n\ndata: 2\n\n')).toEqual([message('1', '', 'price'), message('2')]);
  });

  it('dispatches nothing for a blank line without data, yet keeps the id it brought', () => {
    const { reported, parser } = parse([bytes('event: x\nid: 7\n\n')]);
    expect(reported).toEqual([]);
    expect(parser.lastEventId).toBe('7');
  });

  it('carries the last id to the events after it, and an empty id clears it', () => {
    expect(events('id: 1\ndata: a\n\ndata: b\n\nid\ndata: c\n\n')).toEqual([message('a', '1'), message('b', '1'), message('c')]);
  });

  it('ignores an id holding NUL', () => {
    expect(events('id: 1\ndata: a\n\nid: 2\0\ndata: b\n\n')).toEqual([message('a', '1'), message('b', '1')]);
  });

  it('sets the reconnection time only from retry values of ASCII digits', () => {
    expect(events('retry: 1500\nretry: 15x\nretry: -1\nretry:  20\nretry: 2.5\nretry:\nretry: 0\n')).toEqual([{ retry: 1500 }, { retry: 0 }]);
  });

  it('ignores unknown fields', () => {
    expect(events('foo: bar\nData: no\ndata: yes\n\n')).toEqual([message('yes')]);
  });

  it('drops a last event that the stream ended before its blank line, and the id it had', () => {
    const { reported, parser } = parse([bytes('id: 1\ndata: a\n\nid: 2\ndata: b\n')]);
    expect(reported).toEqual([message('a', '1')]);
    expect(parser.lastEventId).toBe('1');
  });

  it('ignores one leading byte order mark, and only the first', () => {
    expect(events('\ufeffdata: a\n\n')).toEqual([message('a')]);
    expect(events('\ufeff\ufeffdata: a\n\n')).toEqual([]);
    expect(events('data: \ufeffa\n\n')).toEqual([message('\ufeffa')]);
  });

  it('decodes UTF-8, turning invalid bytes into U+FFFD', () => {
    const stream = new Uint8Array([...bytes('data: '), 0xff, 0xc3, ...bytes('\n\n')]);
    expect(parse([stream]).reported).toEqual([message('\ufffd\ufffd')]);
  });

  it('starts a new stream from the last id, with no unfinished line or event of the old one', () => {
    const { reported, parser } = parse([bytes('id: 4\ndata: a\n\nevent: x\ndata: half')]);
    parser.reset();
    parser.feed(bytes('\ndata: b\n\n'));
    expect(reported).toEqual([message('a', '4'), message('b', '4')]);
  });

  it('starts from the id it was given, as a client resuming after a page reload', () => {
    expect(events('data: a\n\n', '41')).toEqual([message('a', '41')]);
  });
});

describe('event stream parsing in chunks', () => {
  const stream = bytes('\ufeff:ok\r\nretry: 300\r\rid: é1\r\nevent: prix\rdata: 𝄞 a\r\ndata: b\r\n\r\ndata: ✓\n\n');
  const whole = parse([stream]).reported;

  it('reads a stream with BOM, CR, CRLF and multi-byte characters as the standard says', () => {
    expect(whole).toEqual([{ retry: 300 }, message('𝄞 a\nb', 'é1', 'prix'), message('✓', 'é1')]);
  });

  it('reads the same events however the stream is cut in two, at every byte boundary', () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      expect(parse([stream.subarray(0, cut), stream.subarray(cut)]).reported, `cut at byte ${cut}`).toEqual(whole);
    }
  });

  it('reads the same events from one byte at a time', () => {
    expect(parse(Array.from(stream, (byte) => new Uint8Array([byte]))).reported).toEqual(whole);
  });

  it('dispatches an event whose blank line ends in CR at once, without waiting for the next chunk', () => {
    expect(parse([bytes('data: a\r\r')]).reported).toEqual([message('a')]);
  });

  it('reads a CRLF split between two chunks as one line break, even with an empty chunk between', () => {
    expect(parse([bytes('data: a\r'), bytes(''), bytes('\ndata: b\r'), bytes('\n\r\n')]).reported).toEqual([message('a\nb')]);
  });
});
