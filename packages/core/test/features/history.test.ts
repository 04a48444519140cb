import { describe, expect, it } from 'vitest';
import { History } from '../../src/index.js';

const frame = (text: string) => new TextEncoder().encode(text);
const ids = (history: History) => Array.from(history.entries(), (entry) => entry.id);

describe('History by age', () => {
  it('evicts entries older than maxAge when an entry is added', () => {
    const history = new History(10, 1000);
    history.add('1', frame('a'), 0);
    history.add('2', frame('b'), 500);
    history.add('3', frame('c'), 1200);
    expect(ids(history)).toEqual(['2', '3']);
  });

  it('evicts entries older than maxAge on expire(), with nothing added', () => {
    const history = new History(10, 1000);
    history.add('1', frame('a'), 0);
    history.add('2', frame('b'), 800);
    history.expire(1500);
    expect(ids(history)).toEqual(['2']);
  });

  it('keeps entries of any age without maxAge', () => {
    const history = new History(10);
    history.add('1', frame('a'), 0);
    history.expire(Number.MAX_SAFE_INTEGER);
    expect(ids(history)).toEqual(['1']);
  });
});

describe('History.lost: when a Last-Event-ID fell out of history', () => {
  function evictedUpTo3(): History {
    const history = new History(2);
    for (const id of ['1', '2', '3', '4', '5']) history.add(id, frame(id));
    return history;
  }

  it('is false for an id still kept', () => {
    expect(evictedUpTo3().lost('4')).toBe(false);
  });

  it('is true for a numeric id that was kept and is older than an evicted entry', () => {
    expect(evictedUpTo3().lost('1')).toBe(true);
    expect(evictedUpTo3().lost('2')).toBe(true);
  });

  it('is true for a numeric id between kept ids that was never sent, when a later one was evicted', () => {
    const history = new History(2);
    for (const id of ['10', '20', '30', '40']) history.add(id, frame(id));
    expect(history.lost('15')).toBe(true);
  });

  it('is false for a numeric id no older than every evicted entry', () => {
    expect(evictedUpTo3().lost('3')).toBe(false);
    expect(evictedUpTo3().lost('9')).toBe(false);
  });

  it('is false for a numeric id older than any id ever kept (lastEventId=0 asks for everything)', () => {
    expect(evictedUpTo3().lost('0')).toBe(false);
    expect(evictedUpTo3().lost('-1')).toBe(false);
    expect(evictedUpTo3().lost('0.5')).toBe(false);
  });

  it('is false for a numeric id when nothing was ever evicted', () => {
    const history = new History(5);
    history.add('3', frame('3'));
    expect(history.lost('1')).toBe(false);
  });

  it('is true for an evicted id that is not numeric, and false for one never kept', () => {
    const history = new History(2);
    for (const id of ['a', 'b', 'c', 'd']) history.add(id, frame(id));
    expect(history.lost('a')).toBe(true);
    expect(history.lost('b')).toBe(true);
    expect(history.lost('abc')).toBe(false);
  });

  it('remembers only the last limit evicted ids that are not numeric', () => {
    const history = new History(2);
    for (const id of ['a', 'b', 'c', 'd', 'e', 'f']) history.add(id, frame(id));
    expect(['a', 'b', 'c', 'd'].map((id) => history.lost(id))).toEqual([false, false, true, true]);
  });

  it('is true for an id evicted by age with a later one', () => {
    const history = new History(5, 100);
    history.add('1', frame('1'), 0);
    history.add('2', frame('2'), 10);
    history.add('3', frame('3'), 500);
    expect(history.lost('1')).toBe(true);
    expect(history.lost('2')).toBe(false);
    expect(history.lost('0')).toBe(false);
  });

  it('is always false when history keeps nothing (historySize 0)', () => {
    const history = new History(0);
    for (const id of ['5', '6', '7', 'x', 'y']) history.add(id, frame(id));
    expect(['0', '5', '6', 'x'].map((id) => history.lost(id))).toEqual([false, false, false, false]);
  });

  it('does not count an entry replaced by one with the same id as evicted', () => {
    const history = new History(5);
    history.add('1', frame('a'));
    history.add('1', frame('b'));
    history.add('x', frame('c'));
    history.add('x', frame('d'));
    expect(history.lost('0')).toBe(false);
    expect(history.lost('x')).toBe(false);
  });
});

describe('History.since', () => {
  const text = (frames: Uint8Array[]) => frames.map((bytes) => new TextDecoder().decode(bytes));

  it('replays the ids that are not numeric to a numeric id it cannot find, as it cannot place them', () => {
    const history = new History(5);
    for (const id of ['a', '1', 'b', '2']) history.add(id, frame(id));
    expect(text(history.since('0'))).toEqual(['a', '1', 'b', '2']);
    expect(text(history.since('1.5'))).toEqual(['a', 'b', '2']);
  });

  it('replays after an exact match, whatever the ids', () => {
    const history = new History(5);
    for (const id of ['a', '10', 'b', '2']) history.add(id, frame(id));
    expect(text(history.since('10'))).toEqual(['b', '2']);
    expect(text(history.since('b'))).toEqual(['2']);
  });
});

describe('History.latest', () => {
  it('returns the newest N frames, oldest first, and no more than are kept', () => {
    const history = new History(5);
    for (const id of ['1', '2', '3']) history.add(id, frame(id));
    const text = (frames: Uint8Array[]) => frames.map((bytes) => new TextDecoder().decode(bytes));
    expect(text(history.latest(2))).toEqual(['2', '3']);
    expect(text(history.latest(10))).toEqual(['1', '2', '3']);
    expect(history.latest(0)).toEqual([]);
  });
});
