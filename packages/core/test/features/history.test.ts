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

describe('History.lost: when a Last-Event-ID is no longer in history', () => {
  function evictedUpTo3(): History {
    const history = new History(2);
    for (const id of ['1', '2', '3', '4', '5']) history.add(id, frame(id));
    return history;
  }

  it('is false for an id still kept', () => {
    expect(evictedUpTo3().lost('4')).toBe(false);
  });

  it('is true for a numeric id older than an evicted entry', () => {
    expect(evictedUpTo3().lost('2')).toBe(true);
  });

  it('is false for a numeric id no older than every evicted entry', () => {
    expect(evictedUpTo3().lost('3')).toBe(false);
    expect(evictedUpTo3().lost('9')).toBe(false);
  });

  it('is true for an unknown id that is not numeric', () => {
    expect(evictedUpTo3().lost('abc')).toBe(true);
  });

  it('is false for a numeric id when nothing was ever evicted (lastEventId=0 asks for everything)', () => {
    const history = new History(5);
    history.add('3', frame('3'));
    expect(history.lost('0')).toBe(false);
  });

  it('is true for an older numeric id when entries were evicted by age', () => {
    const history = new History(5, 100);
    history.add('1', frame('1'), 0);
    history.add('2', frame('2'), 500);
    expect(history.lost('0')).toBe(true);
    expect(history.lost('1')).toBe(false);
  });

  it('is true for an older numeric id when history keeps nothing', () => {
    const history = new History(0);
    history.add('7', frame('7'));
    expect(history.lost('6')).toBe(true);
  });

  it('does not count an entry replaced by one with the same id as evicted', () => {
    const history = new History(5);
    history.add('1', frame('a'));
    history.add('1', frame('b'));
    expect(history.lost('0')).toBe(false);
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
