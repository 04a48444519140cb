import { describe, expect, it } from 'vitest';
import { SharedReads } from '../src/index.js';

describe('SharedReads', () => {
  it('reuses a read for the same key while the newest event and the age allow it', async () => {
    const reads = new SharedReads<string>(1000, 64);
    let made = 0;
    const read = () => Promise.resolve(`read ${++made}`);
    expect(await reads.read('3', '5', read)).toBe('read 1');
    expect(await reads.read('3', '5', read)).toBe('read 1');
    expect(await reads.read('4', '5', read)).toBe('read 2');
    expect(await reads.read('3', '6', read)).toBe('read 3');
  });

  it('reads again once maxAgeMs has passed', async () => {
    const reads = new SharedReads<number>(0, 64);
    let made = 0;
    await reads.read('3', '5', () => Promise.resolve(++made));
    // A millisecond later, past an age of 0.
    await new Promise((resolve) => setTimeout(resolve, 2));
    expect(await reads.read('3', '5', () => Promise.resolve(++made))).toBe(2);
  });

  it('keeps no failed read, none that keep refuses, and no more than maxReads', async () => {
    const reads = new SharedReads<number>(1000, 1, (value) => value < 100);
    await expect(reads.read('a', '1', () => Promise.reject(new Error('gone')))).rejects.toThrow('gone');
    expect(await reads.read('a', '1', () => Promise.resolve(1))).toBe(1);
    expect(await reads.read('b', '1', () => Promise.resolve(2))).toBe(2);
    expect(await reads.read('b', '1', () => Promise.resolve(3))).toBe(3);
    const large = new SharedReads<number>(1000, 64, (value) => value < 100);
    expect(await large.read('a', '1', () => Promise.resolve(500))).toBe(500);
    expect(await large.read('a', '1', () => Promise.resolve(501))).toBe(501);
  });
});
