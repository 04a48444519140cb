import { describe, expect, it } from 'vitest';
import { admission } from '../src/index.js';

const channel = { name: 'a channel' };
const GET = 'GET';

describe('admission', () => {
  it('throws at construction when channelOrResolver is neither a channel nor a function', () => {
    expect(() => admission(42 as unknown as object)).toThrow(
      new TypeError('channelOrResolver must be a channel or a function (got 42)'),
    );
  });

  it('throws at construction when authorize is not a function', () => {
    expect(() => admission(channel, { authorize: true as never })).toThrow(
      new TypeError('authorize must be a function (got true)'),
    );
  });

  it('throws at construction when options is not an object', () => {
    expect(() => admission(channel, null as never)).toThrow(new TypeError('options must be an object (got null)'));
  });

  it('finds the channel when authorize allows the request', async () => {
    expect(await admission(channel, { authorize: async () => true })({}, GET)).toBe(channel);
  });

  it('refuses with 403 when authorize returns false', async () => {
    expect(await admission(channel, { authorize: () => false })({}, GET)).toBe(403);
  });

  it('refuses with 404 when the resolver finds nothing', async () => {
    expect(await admission(() => undefined)({}, GET)).toBe(404);
  });

  it('does not ask authorize about CORS preflights, which browsers send without credentials', async () => {
    expect(await admission(channel, { authorize: () => false })({}, 'OPTIONS')).toBe(channel);
  });

  it('does not run the resolver for a request authorize refuses', async () => {
    let lookups = 0;
    const find = () => (lookups++, channel);
    expect(await admission(find, { authorize: () => 401 })({}, GET)).toBe(401);
    expect(lookups).toBe(0);
  });

  it('answers 500 and reports the error when authorize returns a status that is not a refusal', async () => {
    const reported: unknown[] = [];
    const admit = admission(channel, { authorize: () => 200, onError: (error) => reported.push(error) });
    expect(await admit({}, GET)).toBe(500);
    expect(String(reported[0])).toBe('RangeError: authorize must return a boolean or a status from 400 to 599 (got 200)');
  });
});
