import { connect, type Socket } from 'node:net';
import { nowMicros } from './protocol.js';

const LF = 10;
const CR = 13;
const HEAD_END = Buffer.from('\r\n\r\n');
const EVENT_END = Buffer.from('\n\n');
const DATA = Buffer.from('data:');
const SPACE = 32;

/** What a connection reports to: the crowd it belongs to. */
export interface ConnectionHost {
  /** The seq that ends the current round; reaching it is reported with `reached()`. */
  readonly roundEnd: number;
  reached(): void;
  /** Records a latency in µs, when latency is being measured. */
  readonly recordLatency: ((micros: number) => void) | null;
}

/**
 * One SSE client over a raw socket: decodes the HTTP/1.1 response (chunked or not) and the events
 * in it, and checks that every event arrives exactly once and in order (`data: <seq> <sentAt> …`;
 * the space after the colon is optional, as in the SSE format).
 */
export class Connection {
  readonly socket: Socket;
  head = false;
  /** The seq the next event must have. */
  next = 1;
  received = 0;
  /** Events that arrived out of order, twice, or after a gap. */
  errors = 0;
  private pending: Buffer | null = null;
  private chunked = false;
  private chunkLeft = 0;
  private chunkSize = 0;
  private skip = 0;
  private carry: Buffer | null = null;
  private now = 0;

  /** `localAddress` is the source address (any of 127.0.0.0/8), to open more than one address's ports' worth. */
  constructor(port: number, private readonly host: ConnectionHost, onHead: () => void, localAddress?: string) {
    this.socket = connect({ port, host: '127.0.0.1', ...(localAddress && { localAddress }) });
    this.socket.setNoDelay(true);
    this.socket.write('GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n');
    this.socket.on('data', (data: Buffer) => {
      const hadHead = this.head;
      this.receive(data);
      if (!hadHead && this.head) onHead();
    });
    // A reset is how a server may cut a client off; the round that misses it reports the loss.
    this.socket.on('error', () => undefined);
  }

  private receive(data: Buffer): void {
    if (this.host.recordLatency) this.now = nowMicros();
    let pos = 0;
    if (!this.head) {
      const buffer = this.pending ? Buffer.concat([this.pending, data]) : data;
      const end = buffer.indexOf(HEAD_END);
      if (end === -1) {
        this.pending = buffer;
        return;
      }
      this.pending = null;
      this.head = true;
      this.chunked = /\r\ntransfer-encoding:\s*chunked/i.test(buffer.subarray(0, end).toString('latin1'));
      data = buffer;
      pos = end + 4;
    }
    if (!this.chunked) return this.body(data.subarray(pos));
    while (pos < data.length) {
      if (this.chunkLeft > 0) {
        const end = Math.min(data.length, pos + this.chunkLeft);
        this.body(data.subarray(pos, end));
        this.chunkLeft -= end - pos;
        if (this.chunkLeft === 0) this.skip = 2;
        pos = end;
      } else if (this.skip > 0) {
        const skipped = Math.min(this.skip, data.length - pos);
        this.skip -= skipped;
        pos += skipped;
      } else {
        const byte = data[pos++] as number;
        if (byte === LF) {
          this.chunkLeft = this.chunkSize;
          if (this.chunkSize === 0) this.skip = 2;
          this.chunkSize = 0;
        } else if (byte !== CR) {
          this.chunkSize = this.chunkSize * 16 + parseInt(String.fromCharCode(byte), 16);
        }
      }
    }
  }

  private body(slice: Buffer): void {
    const buffer = this.carry ? Buffer.concat([this.carry, slice]) : slice;
    let start = 0;
    for (;;) {
      const end = buffer.indexOf(EVENT_END, start);
      if (end === -1) break;
      this.event(buffer, start, end);
      start = end + 2;
    }
    this.carry = start < buffer.length ? buffer.subarray(start) : null;
  }

  private event(buffer: Buffer, start: number, end: number): void {
    const data = buffer.indexOf(DATA, start);
    if (data === -1 || data >= end) return; // a comment or a retry hint
    let pos = data + DATA.length;
    if (buffer[pos] === SPACE) pos++;
    let seq = 0;
    for (let byte = buffer[pos] as number; byte >= 48 && byte <= 57; byte = buffer[++pos] as number) seq = seq * 10 + byte - 48;
    let sentAt = 0;
    for (let byte = buffer[++pos] as number; byte >= 48 && byte <= 57; byte = buffer[++pos] as number) sentAt = sentAt * 10 + byte - 48;
    if (seq !== this.next) this.errors++;
    this.next = seq + 1;
    this.received++;
    this.host.recordLatency?.(this.now - sentAt);
    if (seq === this.host.roundEnd) this.host.reached();
  }
}
