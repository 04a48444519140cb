import { describe, expect, it } from 'vitest';
import { encodeEvent, type SseMessage } from '../src/index.js';

const text = (message: SseMessage, jsonEncode = false): string =>
  new TextDecoder().decode(encodeEvent(message, { jsonEncode }));

describe('encodeEvent', () => {
  it('writes the fields in the order event, retry, id, data', () => {
    expect(text({ data: 'd', id: 7, retry: 1800, event: 'e' })).toBe('event: e\nretry: 1800\nid: 7\ndata: d\n\n');
  });

  it('writes a plain string as data only', () => {
    expect(text('hello')).toBe('data: hello\n\n');
  });

  it('splits data lines on CRLF, CR and LF alike', () => {
    expect(text('a\r\nb\rc\nd')).toBe('data: a\ndata: b\ndata: c\ndata: d\n\n');
  });

  it('keeps empty lines of multi-line data as empty data lines', () => {
    expect(text('a\n\nb\n')).toBe('data: a\ndata: \ndata: b\ndata: \n\n');
  });

  it('writes an empty string as one empty data line', () => {
    expect(text('')).toBe('data: \n\n');
  });

  it('writes an empty data line when data is missing', () => {
    expect(text({ id: 1337 })).toBe('id: 1337\ndata: \n\n');
  });

  it('leaves out an empty event name, the default one', () => {
    expect(text({ event: '', data: 'x' })).toBe('data: x\n\n');
  });

  it('writes id 0', () => {
    expect(text({ id: 0, data: 'x' })).toBe('id: 0\ndata: x\n\n');
  });

  it('writes an empty string id, which resets the client last event id', () => {
    expect(text({ id: '', data: 'x' })).toBe('id: \ndata: x\n\n');
  });

  it('writes retry 0', () => {
    expect(text({ retry: 0, data: 'x' })).toBe('retry: 0\ndata: x\n\n');
  });

  it('writes a fractional retry as an integer', () => {
    expect(text({ retry: 1500.7, data: 'x' })).toBe('retry: 1500\ndata: x\n\n');
  });

  it.each([
    ['negative', -1],
    ['NaN', Number.NaN],
    ['infinite', Number.POSITIVE_INFINITY],
    ['a numeric string', '1000'],
  ])('leaves out a retry that is %s', (_, retry) => {
    expect(text({ retry: retry as number, data: 'x' })).toBe('data: x\n\n');
  });

  describe('with jsonEncode', () => {
    it('quotes a string', () => {
      expect(text('foobar', true)).toBe('data: "foobar"\n\n');
    });

    it('encodes an object', () => {
      expect(text({ data: { foo: 'bar' } }, true)).toBe('data: {"foo":"bar"}\n\n');
    });

    it('encodes an array', () => {
      expect(text({ data: ['foo', 'bar'] }, true)).toBe('data: ["foo","bar"]\n\n');
    });

    it('encodes missing data as an empty JSON string', () => {
      expect(text({ id: 1 }, true)).toBe('id: 1\ndata: ""\n\n');
    });

    it.each([
      [0, 'data: 0\n\n'],
      [false, 'data: false\n\n'],
      [null, 'data: null\n\n'],
    ])('encodes falsy data %s as its JSON', (data, expected) => {
      expect(text({ data }, true)).toBe(expected);
    });

    it('keeps a line break inside a string on one data line, escaped', () => {
      expect(text('a\nb', true)).toBe('data: "a\\nb"\n\n');
    });
  });

  describe('without jsonEncode', () => {
    it('writes an object through String()', () => {
      expect(text({ data: { foo: 'bar' } })).toBe('data: [object Object]\n\n');
    });

    it('writes a number through String()', () => {
      expect(text({ data: 42 })).toBe('data: 42\n\n');
    });

    it('writes an array through String()', () => {
      expect(text({ data: ['a', 'b'] })).toBe('data: a,b\n\n');
    });

    it.each([
      [0, 'data: 0\n\n'],
      [false, 'data: false\n\n'],
      [null, 'data: null\n\n'],
    ])('writes falsy data %s as such', (data, expected) => {
      expect(text({ data })).toBe(expected);
    });
  });

  it.each([
    ['CR', '\r'],
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['NUL', '\0'],
  ])('rejects %s in event with a TypeError naming the field', (_, bad) => {
    expect(() => encodeEvent({ event: `a${bad}data: injected`, data: 'x' })).toThrow(TypeError);
    expect(() => encodeEvent({ event: `a${bad}data: injected`, data: 'x' })).toThrow(/^event /);
  });

  it.each([
    ['CR', '\r'],
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['NUL', '\0'],
  ])('rejects %s in id with a TypeError naming the field', (_, bad) => {
    expect(() => encodeEvent({ id: `1${bad}event: injected`, data: 'x' })).toThrow(TypeError);
    expect(() => encodeEvent({ id: `1${bad}event: injected`, data: 'x' })).toThrow(/^id /);
  });

  it('rejects an id that is neither a string nor a number', () => {
    expect(() => encodeEvent({ id: { toString: () => '1\nx' } as unknown as string })).toThrow(/^id must be a string or a number/);
  });

  it('rejects an event that is not a string', () => {
    expect(() => encodeEvent({ event: 5 as unknown as string })).toThrow(/^event must be a string/);
  });
});
