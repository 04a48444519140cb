import { EventEmitter } from 'node:events';
import type { Backplane, BackplaneEvent, BackplaneReceiver } from '@sse-channel/core';
import { Redis, type RedisOptions } from 'ioredis';
import { decodeEntry, encodeEntry, ENTRY_FIELD, type DecodedEntry } from './entry.js';
import { PUBLISH_SCRIPT } from './publishScript.js';
import { resolveRedisOptions, type RedisBackplaneOptions, type ResolvedRedisOptions } from './options.js';
import { compareStreamIds, parseStreamId, replayStart } from './streamId.js';

/** The events a Redis backplane emits. None of them is `error`: a missing listener never crashes the process. */
export type RedisBackplaneEvents = {
  /** Redis became unreachable: broadcasts are rejected, local clients stay connected. */
  outage: [error: Error];
  /** Redis is back and the events missed meanwhile were delivered; broadcasts are accepted again. */
  recovery: [];
  /**
   * Catching up after an outage, events after `afterId` were already trimmed from the history
   * (`historySize`, `retention`): this process's clients did not get them.
   */
  gap: [afterId: string];
  /** Something in the stream or on the pub/sub channel was not an event this package wrote; it was skipped. */
  skipped: [error: Error];
};

/** Thrown (as a rejection of `send`) when Redis could not take an event: it was not sent. */
export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';
}

type StreamEntry = [id: string, fields: string[]];

const RETRY_MS = 1000;

/**
 * A backplane on Redis: every broadcast goes through one Lua script that appends kept events to a
 * Redis Stream (capped at the channel's `historySize`; the stream id is the event id) and
 * publishes every event on a pub/sub channel that every process subscribes to. Two connections
 * per channel: one for commands, one subscribed. Create it with `redisBackplane()`.
 */
export class RedisBackplane extends EventEmitter<RedisBackplaneEvents> implements Backplane {
  /** The stream that holds the history; its name is also the pub/sub channel's. */
  readonly key: string;
  private readonly settings: ResolvedRedisOptions;
  private commands: Redis | undefined;
  private subscriber: Redis | undefined;
  private receiver: BackplaneReceiver | undefined;
  private historySize = 0;
  /** Id of the newest kept event delivered here; later deliveries must be newer. */
  private position = '0-0';
  /** Delivering from pub/sub; false from an outage until the missed events were read back. */
  private live = false;
  private subscribed = false;
  private started = false;
  private syncing = false;
  private down = false;
  private closed = false;
  /** Pub/sub messages received while catching up, delivered after it. */
  private pending: string[] = [];
  private waiters: Array<() => void> = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** @throws TypeError or RangeError naming the option when an option is invalid. */
  constructor(options: RedisBackplaneOptions) {
    super();
    this.settings = resolveRedisOptions(options);
    this.key = `${this.settings.prefix}${this.settings.channel}`;
  }

  /** @internal Called by the channel; opens the two connections. */
  open(receiver: BackplaneReceiver, historySize: number): void {
    if (this.receiver) throw new Error(`this Redis backplane already serves a channel (${this.key})`);
    this.receiver = receiver;
    this.historySize = historySize;
    this.commands = this.connect({ enableOfflineQueue: false, maxRetriesPerRequest: 0, autoResendUnfulfilledCommands: false });
    this.commands.defineCommand('ssePublish', { numberOfKeys: 1, lua: PUBLISH_SCRIPT });
    this.subscriber = this.connect({ autoResubscribe: false, maxRetriesPerRequest: null });
    this.subscriber.on('message', (_channel: string, message: string) => this.receive(message));
    this.subscriber.on('ready', () => this.subscribe());
    this.subscriber.on('close', () => {
      this.subscribed = false;
      this.live = false;
      this.wentDown(new Error('the subscribed connection closed'));
    });
    this.commands.on('ready', () => {
      this.wake();
      this.resume();
    });
    this.commands.on('close', () => this.wentDown(new Error('the command connection closed')));
  }

  /** Resolves once both connections are up and deliveries flow; rejects when the backplane is closed first. */
  async ready(): Promise<void> {
    await this.whenLive();
  }

  /**
   * @internal Stores and publishes an event; rejects with `RedisUnavailableError` when Redis cannot
   * take it. Before the first connection, waits for it (or for it to fail).
   */
  async publish(event: BackplaneEvent, keep: boolean): Promise<string | undefined> {
    while (!this.started && !this.down && !this.closed && this.commands?.status !== 'ready') {
      await new Promise<void>((wake) => this.waiters.push(wake));
    }
    const commands = this.commands as Redis & { ssePublish: (...args: Array<string | number>) => Promise<string> };
    if (this.closed || !commands) throw new RedisUnavailableError(`the Redis backplane of ${this.key} is closed: the event was not sent`);
    try {
      const id = await commands.ssePublish(this.key, this.key, encodeEntry(event), keep ? '1' : '0', this.historySize, this.settings.retention);
      return id === '' ? undefined : id;
    } catch (error) {
      throw new RedisUnavailableError(`Redis did not take the event for ${this.key}, it was not sent: ${(error as Error).message}`, { cause: error });
    }
  }

  /** @internal Reads the kept events after `lastEventId` up to the newest delivered here; waits out an outage. */
  async replay(lastEventId: string, cut: () => void): Promise<Uint8Array[]> {
    for (;;) {
      await this.whenLive();
      try {
        // A client coming from a process that is ahead of this one: its events must arrive here first.
        if (parseStreamId(lastEventId) && compareStreamIds(lastEventId, this.position) > 0) await this.catchUpTo(lastEventId);
        const upTo = this.position;
        cut();
        const entries = (await this.command().xrange(this.key, this.replayStart(lastEventId), upTo)) as StreamEntry[];
        return this.decodeAll(entries).map((entry) => entry.frame);
      } catch (error) {
        if (this.closed || (error as Error).name === 'ReplyError') throw error;
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS).unref());
      }
    }
  }

  /** Closes both connections (a client passed in options is left as it is). Pending replays are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.wake();
    await Promise.all([this.commands, this.subscriber].map((connection) => connection && release(connection)));
  }

  private connect(overrides: RedisOptions): Redis {
    const options: RedisOptions = { ...overrides, connectionName: `sse-channel:${this.key}` };
    const { client, url } = this.settings;
    const connection = client ? client.duplicate(options) : new Redis(url, options);
    // Connection errors show as `close` and `outage`; without a listener ioredis would print them.
    connection.on('error', () => undefined);
    return connection;
  }

  private command(): Redis {
    if (this.closed || !this.commands) throw new RedisUnavailableError(`the Redis backplane of ${this.key} is closed`);
    return this.commands;
  }

  private subscribe(): void {
    this.subscriber?.subscribe(this.key).then(
      () => {
        this.subscribed = true;
        this.resume();
      },
      () => undefined, // the connection dropped again; its next `ready` retries
    );
  }

  /** Once both connections are up: reads back what was missed, then delivers live again. */
  private resume(): void {
    if (this.closed || this.syncing || !this.subscribed || this.commands?.status !== 'ready') return;
    if (this.live) return this.cameBack();
    this.syncing = true;
    this.catchUp().then(
      () => {
        this.syncing = false;
        this.started = true;
        this.live = true;
        for (const message of this.pending.splice(0)) this.receive(message);
        this.wake();
        this.cameBack();
      },
      (error: Error) => {
        this.syncing = false;
        this.wentDown(error);
        this.timer = setTimeout(() => this.resume(), RETRY_MS);
        this.timer.unref();
      },
    );
  }

  /**
   * The first time, starts after the newest kept event (clients replay the rest themselves);
   * after an outage, delivers the kept events this process missed.
   */
  private async catchUp(): Promise<void> {
    const commands = this.command();
    if (!this.started) {
      const newest = (await commands.xrevrange(this.key, '+', '-', 'COUNT', 1)) as StreamEntry[];
      if (newest[0]) this.position = newest[0][0];
      return;
    }
    // Read from the last delivered entry itself: if it is gone, what followed it may be gone too.
    const missed = (await commands.xrange(this.key, this.position, '+')) as StreamEntry[];
    if (this.position !== '0-0' && missed[0]?.[0] !== this.position && this.historySize > 0) this.emit('gap', this.position);
    for (const entry of this.decodeAll(missed)) this.deliver(entry);
  }

  private receive(message: string): void {
    if (this.closed) return;
    if (!this.live) {
      this.pending.push(message);
      return;
    }
    const space = message.indexOf(' ');
    let entry: DecodedEntry;
    try {
      entry = decodeEntry(message.slice(0, Math.max(space, 0)), space === -1 ? undefined : message.slice(space + 1));
    } catch (error) {
      this.emit('skipped', error as Error);
      return;
    }
    this.deliver(entry);
  }

  private deliver(entry: DecodedEntry): void {
    const id = entry.event.id as string | undefined;
    if (id !== undefined) {
      if (compareStreamIds(id, this.position) <= 0) return; // already delivered (read back after an outage)
      this.position = id;
      if (this.waiters.length > 0) this.wake();
    }
    this.receiver?.deliver(entry.frame, entry.event);
  }

  private decodeAll(entries: StreamEntry[]): DecodedEntry[] {
    const decoded: DecodedEntry[] = [];
    for (const [id, fields] of entries) {
      const at = fields.indexOf(ENTRY_FIELD);
      try {
        decoded.push(decodeEntry(id, at % 2 === 0 ? fields[at + 1] : undefined));
      } catch (error) {
        this.emit('skipped', error as Error);
      }
    }
    return decoded;
  }

  private replayStart(lastEventId: string): string {
    const start = replayStart(lastEventId);
    if (this.settings.retention === 0) return start;
    // Stream ids count Redis's milliseconds; this process's clock stands in for it (skew shifts the cut-off).
    const oldest = `${Date.now() - this.settings.retention}-0`;
    return start === '-' || compareStreamIds(start.slice(1), oldest) < 0 ? oldest : start;
  }

  /** Waits until this process has delivered `id`, or the newest kept event when `id` is beyond it. */
  private async catchUpTo(id: string): Promise<void> {
    const [newest] = (await this.command().xrevrange(this.key, '+', '-', 'COUNT', 1)) as StreamEntry[];
    if (!newest) return; // nothing kept (Redis lost its data, say): there is nothing to wait for
    const target = compareStreamIds(newest[0], id) < 0 ? newest[0] : id;
    while (!this.closed && compareStreamIds(this.position, target) < 0) {
      await new Promise<void>((wake) => this.waiters.push(wake));
    }
  }

  private async whenLive(): Promise<void> {
    while (!this.closed && !(this.live && !this.down)) {
      await new Promise<void>((wake) => this.waiters.push(wake));
    }
    if (this.closed) throw new RedisUnavailableError(`the Redis backplane of ${this.key} is closed`);
  }

  private wentDown(error: Error): void {
    if (this.closed || this.down) return;
    this.down = true;
    this.wake();
    this.emit('outage', error);
  }

  private cameBack(): void {
    if (this.commands?.status !== 'ready' || !this.down) return;
    this.down = false;
    this.wake();
    this.emit('recovery');
  }

  private wake(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }
}

/** Disconnects at once (no QUIT: Redis may be away); resolves when the socket, if any, has closed. */
async function release(connection: Redis): Promise<void> {
  const open = connection.status === 'connecting' || connection.status === 'connect' || connection.status === 'ready';
  const ended = open && new Promise<void>((resolve) => connection.once('end', () => resolve()));
  connection.disconnect();
  await ended;
}
