import { describe, expect, it } from 'vitest';
import { decideConnect, SseChannel, type ConnectRequest, type CorsOptions } from '../src/index.js';
import { request } from './connect.js';

/** The channel's answer to a request, as an adapter gets it from `accept`. */
const decide = (channel: SseChannel, req: ConnectRequest) => channel.accept(req, req, {});

const plain = new SseChannel({ pingInterval: 0 });
const withCors = (cors: CorsOptions) => new SseChannel({ pingInterval: 0, cors });
const allowed = withCors({ origins: ['https://app.example'] });

describe('accept: the answer to a connect request', () => {
  describe('headers', () => {
    it('streams a GET with the SSE headers and Connection: keep-alive on HTTP/1.x', () => {
      const decision = decide(plain, request());
      expect(decision.status).toBe(200);
      expect(decision.stream).toBe(true);
      expect(decision.headers).toEqual({
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-cache, no-transform',
        'X-Accel-Buffering': 'no',
        Connection: 'keep-alive',
      });
    });

    it('sends no Connection header on HTTP/2', () => {
      const decision = decide(plain, request('/events', {}, 'GET', 2));
      expect(decision.status).toBe(200);
      expect(Object.keys(decision.headers).map((name) => name.toLowerCase())).not.toContain('connection');
    });

    it('sends no CORS header when cors is off, even to a cross-origin request', () => {
      const decision = decide(plain, request('/events', { origin: 'https://other.example' }));
      expect(decision.status).toBe(200);
      expect(Object.keys(decision.headers).filter((name) => name.startsWith('Access-Control'))).toEqual([]);
    });
  });

  describe('methods', () => {
    it('streams a POST', () => {
      expect(decide(plain, request('/events', {}, 'POST')).stream).toBe(true);
    });

    it('answers HEAD with the SSE head and no stream', () => {
      const decision = decide(plain, request('/events', {}, 'HEAD'));
      expect(decision.status).toBe(200);
      expect(decision.stream).toBe(false);
      expect(decision.headers['Content-Type']).toBe('text/event-stream; charset=utf-8');
    });

    it('refuses PUT with 405 and the allowed methods', () => {
      const decision = decide(plain, request('/events', {}, 'PUT'));
      expect(decision.status).toBe(405);
      expect(decision.stream).toBe(false);
      expect(decision.headers['Allow']).toBe('GET, POST, HEAD, OPTIONS');
    });

    it('answers OPTIONS without cors with 204 and the allowed methods', () => {
      const decision = decide(plain, request('/events', { origin: 'https://other.example' }, 'OPTIONS'));
      expect(decision.status).toBe(204);
      expect(decision.stream).toBe(false);
      expect(decision.headers).toEqual({ Allow: 'GET, POST, HEAD, OPTIONS' });
    });

    it('reads the method case-insensitively', () => {
      expect(decide(plain, request('/events', {}, 'get')).stream).toBe(true);
    });
  });

  describe('CORS', () => {
    it('gives an allowed origin Access-Control-Allow-Origin with that origin', () => {
      const decision = decide(allowed, request('/events', { origin: 'https://app.example' }));
      expect(decision.status).toBe(200);
      expect(decision.headers['Access-Control-Allow-Origin']).toBe('https://app.example');
      expect(decision.headers['Vary']).toBe('Origin');
    });

    it('refuses an origin that is not allowed with 403 and no stream', () => {
      const decision = decide(allowed, request('/events', { origin: 'https://evil.example' }));
      expect(decision.status).toBe(403);
      expect(decision.stream).toBe(false);
      expect(decision.headers).toEqual({});
    });

    it('refuses a preflight from an origin that is not allowed with 403', () => {
      expect(decide(allowed, request('/events', { origin: 'https://evil.example' }, 'OPTIONS')).status).toBe(403);
    });

    it('serves a request without Origin (same origin) without CORS headers', () => {
      const decision = decide(allowed, request());
      expect(decision.status).toBe(200);
      expect(decision.headers['Access-Control-Allow-Origin']).toBeUndefined();
    });

    it('answers a preflight with 204, the methods and the headers including Last-Event-ID', () => {
      const decision = decide(allowed, request('/events', { origin: 'https://app.example', 'access-control-request-method': 'GET' }, 'OPTIONS'));
      expect(decision.status).toBe(204);
      expect(decision.stream).toBe(false);
      expect(decision.headers['Access-Control-Allow-Origin']).toBe('https://app.example');
      expect(decision.headers['Access-Control-Allow-Methods']).toBe('GET, POST');
      expect(decision.headers['Access-Control-Allow-Headers']).toBe('Last-Event-ID');
    });

    it('adds the configured request headers after Last-Event-ID in a preflight', () => {
      const channel = withCors({ origins: ['https://app.example'], headers: ['X-Token'] });
      const decision = decide(channel, request('/events', { origin: 'https://app.example' }, 'OPTIONS'));
      expect(decision.headers['Access-Control-Allow-Headers']).toBe('Last-Event-ID, X-Token');
    });

    it("allows any origin with '*'", () => {
      const decision = decide(withCors({ origins: '*' }), request('/events', { origin: 'https://any.example' }));
      expect(decision.status).toBe(200);
      expect(decision.headers['Access-Control-Allow-Origin']).toBe('*');
      expect(decision.headers['Access-Control-Allow-Credentials']).toBeUndefined();
    });

    it('echoes an allowed origin with credentials when they are allowed', () => {
      const decision = decide(withCors({ origins: ['https://any.example'], credentials: true }), request('/events', { origin: 'https://any.example' }));
      expect(decision.headers['Access-Control-Allow-Origin']).toBe('https://any.example');
      expect(decision.headers['Access-Control-Allow-Credentials']).toBe('true');
      expect(decision.headers['Vary']).toBe('Origin');
    });
  });

  describe('Last-Event-ID', () => {
    const lastEventId = (url: string, headers: Record<string, string> = {}) => decideConnect(request(url, headers), undefined).lastEventId;

    it('is undefined when the client sent none', () => {
      expect(lastEventId('/events')).toBeUndefined();
    });

    it('is read from the Last-Event-ID header first', () => {
      expect(lastEventId('/events?evs_last_event_id=2&lastEventId=3', { 'last-event-id': '1' })).toBe('1');
    });

    it('is read from evs_last_event_id when the header is missing', () => {
      expect(lastEventId('/events?evs_last_event_id=2&lastEventId=3')).toBe('2');
    });

    it('is read from lastEventId last', () => {
      expect(lastEventId('/events?lastEventId=3')).toBe('3');
    });

    it('falls through empty values', () => {
      expect(lastEventId('/events?evs_last_event_id=&lastEventId=3', { 'last-event-id': '' })).toBe('3');
    });

    it('keeps 0 as a value', () => {
      expect(lastEventId('/events?lastEventId=0')).toBe('0');
    });

    it.each([
      ['CR', 'a\rb'],
      ['LF', 'a\nb'],
      ['NUL', 'a\0b'],
      ['more than 1 KiB', 'x'.repeat(1025)],
    ])('ignores a value holding %s and falls through to the next source', (_, hostile) => {
      expect(lastEventId(`/events?lastEventId=${encodeURIComponent(hostile)}`)).toBeUndefined();
      expect(lastEventId('/events?lastEventId=3', { 'last-event-id': hostile })).toBe('3');
    });

    it('accepts a value of exactly 1 KiB', () => {
      expect(lastEventId('/events', { 'last-event-id': 'x'.repeat(1024) })).toBe('x'.repeat(1024));
    });
  });

  describe('preamble', () => {
    it('is asked for with a non-empty evs_preamble', () => {
      expect(decideConnect(request('/events?evs_preamble=1'), undefined).preamble).toBe(true);
    });

    it('is not sent for an empty evs_preamble', () => {
      expect(decideConnect(request('/events?evs_preamble='), undefined).preamble).toBe(false);
    });

    it('is not sent by default', () => {
      expect(decideConnect(request(), undefined).preamble).toBe(false);
    });
  });
});
