import { EventEmitter } from 'node:events';
import { SharedReads, type Backplane, type BackplaneEngineEvents, type BackplaneEvent, type BackplaneReceiver, type BackplaneReplay } from '@sse-channel/core';
import { Redis, type RedisOptions } from 'ioredis';
import { decodeEntry, decodeStreamEntry, encodeEntry, type DecodedEntry } from './entry.js';
import { PublishBatch } from './PublishBatch.js';
import { PUBLISH_SCRIPT } from './publishScript.js';
import { resolveRedisOptions, type RedisBackplaneOptions, type ResolvedRedisOptions } from './options.js';
import { compareStreamIds, counterOf, eventIdOf, follows, positionOf } from './streamId.js';

/** The events a Redis backplane emits: those of every engine's backplane. */
export type RedisBackplaneEvents = BackplaneEngineEvents;

/** Thrown (as a rejection of `send`) when Redis could not take an event: it was not sent. */
export class RedisUnavailableError extends Error {
  /** `'RedisUnavailableError'`, to tell it from other errors by name. */
  override readonly name = 'RedisUnavailableError';
}

type StreamEntry = [id: string, fields: string[]];

/**
 * Where deliveries stand. `connecting`: the subscribed connection is not (yet, or again) subscribed.
 * `subscribed`: it is, and the events missed meanwhile must be read back once commands work.
 * `catching-up`: they are being read. `live`: events are delivered as pub/sub brings them.
 * `closed`: for good.
 */
type Phase = 'connecting' | 'subscribed' | 'catching-up' | 'live' | 'closed';

const RETRY_MS = 1000;
/** Entries read per XRANGE when catching up, so a long outage is read back in bounded steps. */
const PAGE = 1000;
/** How long, at most, a replay read is reused for clients asking the same while no event arrives. */
const RECENT_MS = 1000;
/** How many distinct replay reads are reused at once. */
const RECENT_MAX = 64;

/**
 * A backplane on Redis: the broadcasts of one tick go through one Lua script call that appends the
 * kept events to a Redis Stream (capped at the channel's `historySize`), each under the next value
 * of a counter, which is the event id (`42`, entry `42-0`), and publishes them as one message on a
 * pub/sub channel that every process subscribes to. Two connections per channel: one for commands,
 * one subscribed. Create it with `redisBackplane()`.
 */
export class RedisBackplane extends EventEmitter<RedisBackplaneEvents> implements Backplane {
  /** The stream that holds the history; its name is also the pub/sub channel's. */
  readonly key: string;
  /** The counter that numbers kept events; it outlives the stream (retention may expire that). */
  private readonly counterKey: string;
  /**
   * Replay reads by Last-Event-ID, reused while no kept event arrived, for up to RECENT_MS: one
   * XRANGE serves the clients of a process that died when they reconnect together. At most
   * RECENT_MAX reads of at most PAGE events each are kept, so this costs little memory.
   */
  private readonly replays = new SharedReads<BackplaneReplay>(RECENT_MS, RECENT_MAX, (replay) => replay.events.length <= PAGE);
  private readonly settings: ResolvedRedisOptions;
  private commands: Redis | undefined;
  private subscriber: Redis | undefined;
  private receiver: BackplaneReceiver | undefined;
  private historySize = 0;
  /**
   * Id of the newest kept event delivered here; later deliveries must be newer. Undefined until the
   * first catch-up fixed where this process starts.
   */
  private position: string | undefined = undefined;
  private phase: Phase = 'connecting';
  /** An outage was reported (`outage`) and its end not yet (`recovery`). */
  private down = false;
  /** Events (message lines) received while catching up, delivered after it; at most `maxPendingEvents`. */
  private pending: string[] = [];
  /** The broadcasts of this tick not yet sent to Redis. */
  private batch: PublishBatch | undefined;
  /** Events without an id dropped when `pending` went over its bound; undefined while it has not. */
  private droppedUnkept: number | undefined;
  private waiters: Array<() => void> = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** @throws TypeError or RangeError naming the option when an option is invalid. */
  constructor(options: RedisBackplaneOptions) {
    super();
    this.settings = resolveRedisOptions(options);
    this.key = `${this.settings.prefix}${this.settings.channel}`;
    this.counterKey = `${this.key}:last-id`;
  }

  /** Part of the backplane contract, called by the channel: opens the two connections. */
  open(receiver: BackplaneReceiver, historySize: number): void {
    if (this.receiver) throw new Error(`this Redis backplane already serves a channel (${this.key})`);
    this.receiver = receiver;
    this.historySize = historySize;
    this.commands = this.connect({ enableOfflineQueue: false, maxRetriesPerRequest: 0, autoResendUnfulfilledCommands: false });
    this.commands.defineCommand('ssePublish', { numberOfKeys: 2, lua: PUBLISH_SCRIPT });
    this.subscriber = this.connect({ autoResubscribe: false, maxRetriesPerRequest: null });
    // A message holds the events of one tick of one sender, a line each: delivered in one tick here too.
    this.subscriber.on('message', (_channel: string, message: string) => {
      for (const line of message.split('\n')) this.receive(line);
    });
    this.subscriber.on('ready', () => this.subscribe());
    this.subscriber.on('close', () => {
      if (this.phase !== 'closed') this.phase = 'connecting';
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
   * Part of the backplane contract: stores and publishes an event with the others of this tick; rejects with
   * `RedisUnavailableError` when Redis cannot take them. Before the first connection, waits for it
   * (or for it to fail).
   */
  async publish(event: BackplaneEvent, keep: boolean): Promise<string | undefined> {
    while (this.position === undefined && !this.down && this.phase !== 'closed' && this.commands?.status !== 'ready') {
      await new Promise<void>((wake) => this.waiters.push(wake));
    }
    if (this.phase === 'closed') throw new RedisUnavailableError(`the Redis backplane of ${this.key} is closed: the event was not sent`);
    let batch = this.batch;
    if (!batch) {
      const opened = new PublishBatch();
      this.batch = batch = opened;
      queueMicrotask(() => this.flush(opened));
    }
    const stored = batch.add(encodeEntry(event), keep);
    if (batch.full) this.flush(batch);
    const id = await stored;
    return id === '' ? undefined : eventIdOf(id);
  }

  /**
   * Part of the backplane contract: reads the kept events after `lastEventId` up to the newest delivered here, and whether
   * some after it are gone; waits out an outage.
   */
  async replay(lastEventId: string, cut: () => void): Promise<BackplaneReplay> {
    const from = positionOf(lastEventId);
    for (;;) {
      await this.whenLive();
      try {
        // A client coming from a process that is ahead of this one: its events must arrive here first.
        if (from && compareStreamIds(from, this.position ?? '0-0') > 0) await this.catchUpTo(from);
        const upTo = this.position ?? '0-0';
        cut();
        return await this.replays.read(from ?? '', upTo, () => this.readReplay(from, upTo));
      } catch (error) {
        if (this.phase === 'closed' || (error as Error).name === 'ReplyError') throw error;
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS).unref());
      }
    }
  }

  /** Closes both connections (a client passed in options is left as it is). Pending replays are rejected. */
  async close(): Promise<void> {
    this.phase = 'closed';
    clearTimeout(this.timer);
    this.wake();
    await Promise.all([this.commands, this.subscriber].map((connection) => connection && release(connection)));
  }

  /** Sends a batch in one script call, unless it went already (it was full). */
  private flush(batch: PublishBatch): void {
    if (this.batch !== batch) return;
    this.batch = undefined;
    const commands = this.commands as Redis & { ssePublish: (...args: Array<string | number>) => Promise<string[]> };
    if (this.phase === 'closed') return batch.fail(new RedisUnavailableError(`the Redis backplane of ${this.key} is closed: the events were not sent`));
    const { key, counterKey, historySize } = this;
    const newest = counterOf(this.position ?? '0-0');
    commands.ssePublish(key, counterKey, key, historySize, this.settings.retention, newest, batch.keeps, ...batch.entries).then(
      (ids) => batch.settle(ids),
      (error: Error) => {
        const count = batch.entries.length;
        batch.fail(new RedisUnavailableError(`Redis did not take ${count === 1 ? 'the event' : `${count} events`} for ${this.key}, not sent: ${error.message}`, { cause: error }));
      },
    );
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
    if (this.phase === 'closed' || !this.commands) throw new RedisUnavailableError(`the Redis backplane of ${this.key} is closed`);
    return this.commands;
  }

  private subscribe(): void {
    this.subscriber?.subscribe(this.key).then(
      () => {
        if (this.phase !== 'connecting') return;
        this.phase = 'subscribed';
        this.resume();
      },
      () => undefined, // the connection dropped again; its next `ready` retries
    );
  }

  /** Once both connections are up: reads back what was missed, then delivers live again. */
  private resume(): void {
    if (this.commands?.status !== 'ready') return;
    if (this.phase === 'live') return this.cameBack();
    if (this.phase !== 'subscribed') return;
    this.phase = 'catching-up';
    this.catchUp().then(
      () => {
        // The subscribed connection dropped (or the backplane closed) meanwhile: a later catch-up takes over.
        if (this.phase !== 'catching-up') return;
        if (this.droppedUnkept !== undefined) {
          // Live events were dropped while catching up: the stream holds the kept ones, read it again.
          this.emit('resync', this.droppedUnkept);
          this.droppedUnkept = undefined;
          this.phase = 'subscribed';
          return this.resume();
        }
        this.phase = 'live';
        for (const line of this.pending.splice(0)) this.receive(line);
        this.wake();
        this.cameBack();
      },
      (error: Error) => {
        if (this.phase === 'catching-up') this.phase = 'subscribed';
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
    const position = this.position;
    if (position === undefined) {
      const newest = (await commands.xrevrange(this.key, '+', '-', 'COUNT', 1)) as StreamEntry[];
      this.position = newest[0]?.[0] ?? '0-0';
      return;
    }
    // Read from the last delivered entry itself: if it is gone, what followed it may be gone too.
    let start = position;
    for (;;) {
      const page = (await commands.xrange(this.key, start, '+', 'COUNT', PAGE)) as StreamEntry[];
      if (start === position && position !== '0-0' && this.historySize > 0 && this.lostAfter(position, page[0]?.[0], position)) {
        this.emit('gap', eventIdOf(position));
      }
      for (const entry of this.decodeAll(page)) this.deliver(entry);
      const last = page.at(-1);
      if (!last || page.length < PAGE) return;
      start = `(${last[0]}`;
    }
  }

  /** Delivers one event of a pub/sub message, `<stream id> <entry JSON>`, or holds it while catching up. */
  private receive(line: string): void {
    if (this.phase === 'closed') return;
    if (this.phase !== 'live') {
      if (this.pending.length >= this.settings.maxPendingEvents) {
        this.droppedUnkept = (this.droppedUnkept ?? 0) + this.pending.filter((held) => held.startsWith(' ')).length;
        this.pending = [];
      }
      this.pending.push(line);
      return;
    }
    const space = line.indexOf(' ');
    let entry: DecodedEntry;
    try {
      entry = decodeEntry(line.slice(0, Math.max(space, 0)), space === -1 ? undefined : line.slice(space + 1));
    } catch (error) {
      this.emit('skipped', error as Error);
      return;
    }
    this.deliver(entry);
  }

  private deliver(entry: DecodedEntry): void {
    const { position } = entry;
    if (position !== '') {
      if (compareStreamIds(position, this.position ?? '0-0') <= 0) return; // already delivered (read back after an outage)
      this.position = position;
      if (this.waiters.length > 0) this.wake();
    }
    this.receiver?.deliver(entry.event);
  }

  private decodeAll(entries: StreamEntry[]): DecodedEntry[] {
    const decoded: DecodedEntry[] = [];
    for (const [id, fields] of entries) {
      try {
        decoded.push(decodeStreamEntry(id, fields));
      } catch (error) {
        this.emit('skipped', error as Error);
      }
    }
    return decoded;
  }

  /**
   * The kept events after `from` up to `upTo`. `reset` says the client missed some that are gone,
   * as an in-memory channel decides it: `from` is an id this package gives (1 or more) that is not
   * kept while the entry after it was trimmed, or events after it are older than the retention.
   * Any other Last-Event-ID (`0`, or not an id) asks for everything kept, with no reset.
   */
  private async readReplay(from: string | undefined, upTo: string): Promise<BackplaneReplay> {
    const entries = (await this.command().xrange(this.key, from ?? '-', upTo)) as StreamEntry[];
    const kept = from !== undefined && entries[0]?.[0] === from;
    const after = this.decodeAll(kept ? entries.slice(1) : entries);
    const fresh = this.withinRetention(after);
    const placed = from !== undefined && compareStreamIds(from, '0-0') > 0;
    const trimmed = !kept && placed && this.lostAfter(from, entries[0]?.[0], upTo);
    return { events: fresh.map((entry) => entry.event), reset: placed && (trimmed || fresh.length < after.length) };
  }

  /**
   * Whether entries after `position` (not kept) were trimmed, given the first entry still kept
   * after it, `first`, and the newest this process delivered, `newest`.
   */
  private lostAfter(position: string, first: string | undefined, newest: string): boolean {
    if (first === position) return false;
    return first === undefined ? compareStreamIds(position, newest) < 0 : !follows(first, position);
  }

  /** The entries that are not older than the retention, by this process's clock (entries are in time order). */
  private withinRetention(entries: DecodedEntry[]): DecodedEntry[] {
    const { retention } = this.settings;
    if (retention === 0) return entries;
    const oldest = Date.now() - retention;
    const start = entries.findIndex((entry) => (entry.storedAt as number) >= oldest);
    return start === -1 ? [] : entries.slice(start);
  }

  /** Waits until this process has delivered `id`, or the newest kept event when `id` is beyond it. */
  private async catchUpTo(id: string): Promise<void> {
    const [newest] = (await this.command().xrevrange(this.key, '+', '-', 'COUNT', 1)) as StreamEntry[];
    if (!newest) return; // nothing kept (Redis lost its data, say): there is nothing to wait for
    const target = compareStreamIds(newest[0], id) < 0 ? newest[0] : id;
    while (this.phase !== 'closed' && compareStreamIds(this.position ?? '0-0', target) < 0) {
      await new Promise<void>((wake) => this.waiters.push(wake));
    }
  }

  private async whenLive(): Promise<void> {
    while (this.phase !== 'closed' && !(this.phase === 'live' && !this.down)) {
      await new Promise<void>((wake) => this.waiters.push(wake));
    }
    if (this.phase === 'closed') throw new RedisUnavailableError(`the Redis backplane of ${this.key} is closed`);
  }

  private wentDown(error: Error): void {
    if (this.phase === 'closed' || this.down) return;
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
