import { describe, expect, it } from 'vitest';
import { History } from '../src/index.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const texts = (frames: Uint8Array[]): string[] => frames.map((frame) => new TextDecoder().decode(frame));

/** A history holding one entry per id, whose frame is the id itself. */
function historyOf(limit: number, ids: string[]): History {
  const history = new History(limit);
  for (const id of ids) history.add(id, bytes(id));
  return history;
}

const ids = (history: History): string[] => Array.from(history.entries(), (entry) => entry.id);

describe('History', () => {
  it('keeps entries oldest first', () => {
    expect(ids(historyOf(10, ['1', '2', '3']))).toEqual(['1', '2', '3']);
  });

  it('evicts the oldest entry over its limit', () => {
    const history = historyOf(3, ['1', '2', '3', '4', '5']);
    expect(ids(history)).toEqual(['3', '4', '5']);
    expect(history.size).toBe(3);
    expect(history.has('2')).toBe(false);
  });

  it('keeps nothing with limit 0', () => {
    const history = historyOf(0, ['1', '2']);
    expect(history.size).toBe(0);
    expect(history.since('0')).toEqual([]);
  });

  it('moves a re-sent id to newest, replacing the old entry', () => {
    const history = historyOf(10, ['1', '2', '3']);
    history.add('1', bytes('1 again'));
    expect(ids(history)).toEqual(['2', '3', '1']);
    expect(texts(history.since('3'))).toEqual(['1 again']);
  });

  it('does not evict another entry when a re-sent id replaces its old entry at the limit', () => {
    const history = historyOf(3, ['1', '2', '3']);
    history.add('2', bytes('2'));
    expect(ids(history)).toEqual(['1', '3', '2']);
  });

  it('replays the entries after an id it holds, found by exact match', () => {
    expect(texts(historyOf(10, ['1', '2', '3', '4']).since('2'))).toEqual(['3', '4']);
  });

  it('finds an id by exact match before comparing numbers', () => {
    expect(texts(historyOf(10, ['10', '2', '7']).since('10'))).toEqual(['2', '7']);
  });

  it('replays nothing after the newest id', () => {
    expect(historyOf(10, ['1', '2']).since('2')).toEqual([]);
  });

  it('replays the entries with a greater id when an unknown numeric id is given', () => {
    expect(texts(historyOf(10, ['3', '5', '8', '13']).since('6'))).toEqual(['8', '13']);
  });

  it('compares numeric ids as numbers, not as text', () => {
    expect(texts(historyOf(10, ['9', '10', '11']).since('8'))).toEqual(['9', '10', '11']);
  });

  it('replays everything numeric after id 0', () => {
    expect(texts(historyOf(10, ['1', '2', '3']).since('0'))).toEqual(['1', '2', '3']);
  });

  it('replays everything kept when an unknown non-numeric id is given', () => {
    expect(texts(historyOf(10, ['a', 'b', 'c']).since('zzz'))).toEqual(['a', 'b', 'c']);
  });

  it('replays the exact frames it was given, without re-encoding', () => {
    const history = new History(5);
    const frame = bytes('id: 1\ndata: x\n\n');
    history.add('1', frame);
    history.add('2', bytes('id: 2\ndata: y\n\n'));
    expect(history.since('0')[0]).toBe(frame);
  });
});
