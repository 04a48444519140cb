import { EventEmitter } from 'node:events';
import { SharedReads, type Backplane, type BackplaneEngineEvents, type BackplaneEvent, type BackplaneReceiver, type BackplaneReplay } from '@sse-channel/core';
import pg from 'pg';
import { decodeEntry, encodeEntry } from './entry.js';
import { HeldNotifications } from './HeldNotifications.js';
import { Inbox } from './Inbox.js';
import { Listener } from './Listener.js';
import { resolvePostgresOptions, type PostgresBackplaneOptions, type ResolvedPostgresOptions } from './options.js';
import type { PublishBatch } from './PublishBatch.js';
import { PublishQueue } from './PublishQueue.js';
import { statements, type Statements } from './statements.js';
import { notifyChannelOf } from './tables.js';

/**
 * The events a PostgreSQL backplane emits: those of every engine's backplane. An outage is also the
 * loss of its listening connection alone (it is back once a new one listens and caught up).
 */
export type PostgresBackplaneEvents = BackplaneEngineEvents;

/** Thrown (as a rejection of `send`) when PostgreSQL could not take an event: it was not sent. */
export class PostgresUnavailableError extends Error {
  /** `'PostgresUnavailableError'`, to tell it from other errors by name. */
  override readonly name = 'PostgresUnavailableError';
}

/**
 * Where deliveries stand. `connecting`: the listening connection is not (yet, or again) listening.
 * `catching-up`: it is, and the kept events missed meanwhile are being read from the table.
 * `live`: events are delivered as notifications bring them. `closed`: for good.
 */
type Phase = 'connecting' | 'catching-up' | 'live' | 'closed';

interface Row {
  id: string;
  entry: string;
  fresh: boolean;
}

const RETRY_MS = 1000;
/** The greatest id a bigint column holds. */
const MAX_ID = 2n ** 63n - 1n;
/** Rows read per statement when catching up, so a long outage is read back in bounded steps. */
const PAGE = 1000;
/** Connections of a pool the backplane makes itself: one publishing statement at a time, plus reads. */
const OWN_POOL_SIZE = 4;
/** How long, at most, a replay read is reused for clients asking the same while no event arrives. */
const RECENT_MS = 1000;
/** How many distinct replay reads are reused at once. */
const RECENT_MAX = 64;
/** SQLSTATE classes of a connection or server problem (not of the statement): worth a retry. */
const TRANSIENT = /^(08|53|57|58)/;

/**
 * A backplane on PostgreSQL: the broadcasts a process makes while its previous statement is on its
 * way go through one statement that takes the next ids from the channel's row in a heads table,
 * stores the kept events in an events table (trimmed to the channel's `historySize`) and sends one
 * notification. Every process listens on a connection of its own and delivers each notification's
 * events in one tick. Create it with `postgresBackplane()`.
 */
export class PostgresBackplane extends EventEmitter<PostgresBackplaneEvents> implements Backplane {
  /** The LISTEN/NOTIFY channel of this channel (a digest of the schema and the channel's name). */
  readonly notifyChannel: string;
  private readonly settings: ResolvedPostgresOptions;
  private readonly sql: Statements;
  private pool: pg.Pool | undefined;
  private listener: Listener | undefined;
  private receiver: BackplaneReceiver | undefined;
  private historySize = 0;
  /** Id of the newest kept event delivered here; later deliveries must be newer. Undefined until the first catch-up. */
  private position: bigint | undefined = undefined;
  /** Id of the newest kept event this process stored (its notification may not have come back yet). */
  private published = 0n;
  private phase: Phase = 'connecting';
  /** An outage was reported (`outage`) and its end not yet (`recovery`). */
  private down = false;
  /** Notifications received while catching up, delivered after it. */
  private readonly held: HeldNotifications;
  private readonly inbox = new Inbox({
    readRow: async (row) => (await this.command<{ lines: string }>(this.sql.batch, [row]))[0]?.lines,
    deliver: (before, lines) => this.deliverBatch(before, lines),
    skip: (error) => this.skip(error),
  });
  private readonly queue = new PublishQueue((batch) => this.store(batch));
  /**
   * Replay reads by Last-Event-ID, reused while no kept event arrived, for up to RECENT_MS: one
   * statement serves the clients of a process that died when they reconnect together. At most
   * RECENT_MAX reads of at most PAGE events each are kept, so this costs little memory.
   */
  private readonly replays = new SharedReads<BackplaneReplay>(RECENT_MS, RECENT_MAX, (replay) => replay.events.length <= PAGE);
  private attempts = 0;
  private waiters: Array<() => void> = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** @throws TypeError or RangeError naming the option when an option is invalid. */
  constructor(options: PostgresBackplaneOptions) {
    super();
    this.settings = resolvePostgresOptions(options);
    this.notifyChannel = notifyChannelOf(this.settings.schema, this.settings.channel);
    this.sql = statements(this.settings.schema);
    this.held = new HeldNotifications(this.settings.maxPendingEvents);
  }

  /** Called by the channel it serves; connects. */
  open(receiver: BackplaneReceiver, historySize: number): void {
    if (this.receiver) throw new Error(`this PostgreSQL backplane already serves a channel (${this.settings.channel})`);
    this.receiver = receiver;
    this.historySize = historySize;
    const { pool, url } = this.settings;
    if (pool) {
      this.pool = pool;
    } else {
      this.pool = new pg.Pool({ ...(url !== undefined && { connectionString: url }), max: OWN_POOL_SIZE, connectionTimeoutMillis: 10_000, application_name: 'sse-channel' });
      // An idle connection that breaks is dropped by the pool; the listener reports the outage.
      this.pool.on('error', () => undefined);
    }
    this.listen();
  }

  /** Resolves once the listening connection is up and deliveries flow; rejects when the backplane is closed first. */
  async ready(): Promise<void> {
    await this.whenLive();
  }

  /**
   * Called by the channel: stores and notifies an event with the others of its batch; rejects with
   * `PostgresUnavailableError` when PostgreSQL cannot take them. Before the first connection,
   * waits for it (or for it to fail).
   */
  async publish(event: BackplaneEvent, keep: boolean): Promise<string | undefined> {
    while (this.position === undefined && !this.down && this.phase !== 'closed') {
      await new Promise<void>((wake) => this.waiters.push(wake));
    }
    this.checkOpen('the event was not sent');
    return this.queue.add(encodeEntry(event), keep);
  }

  /**
   * Called by the channel: reads the kept events after `lastEventId` up to the newest delivered here, and whether
   * some after it are gone; waits out an outage.
   */
  async replay(lastEventId: string, cut: () => void): Promise<BackplaneReplay> {
    const from = idOf(lastEventId);
    for (;;) {
      await this.whenLive();
      try {
        // A client coming from a process that is ahead of this one: its events must arrive here
        // first; and so must this process's own, whose sends resolved before they came back.
        const wanted = from !== undefined && from > this.published ? from : this.published;
        if (wanted > (this.position ?? 0n)) await this.catchUpTo(wanted);
        const upTo = this.position ?? 0n;
        cut();
        return await this.replays.read(String(from ?? ''), String(upTo), () => this.readReplay(from, upTo));
      } catch (error) {
        if (this.phase === 'closed' || !isTransient(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS).unref());
      }
    }
  }

  /** Closes the listening connection and the pool it made (a pool passed in options is left open). Pending replays are rejected. */
  async close(): Promise<void> {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    clearTimeout(this.timer);
    this.wake();
    this.queue.failAll(this.closedError('the events were not sent'));
    const listener = this.listener;
    this.listener = undefined;
    await Promise.all([listener?.close(), this.pool !== this.settings.pool && this.pool?.end()]);
  }

  /** Stores and notifies a batch in one statement; answers the id given last before it. */
  private async store(batch: PublishBatch): Promise<bigint> {
    if (this.phase === 'closed') throw this.closedError('the events were not sent');
    if (this.down) throw this.unavailable(batch, 'it is unreachable');
    const { lines, inline } = batch.text();
    const { channel, retention } = this.settings;
    const values = [channel, batch.keptCount, String(this.position ?? 0n), batch.stored(this.historySize), this.historySize, retention, this.notifyChannel, lines, inline];
    try {
      const [row] = await this.command<{ before: string }>(this.sql.publish, values);
      const before = BigInt(row?.before ?? '0');
      const last = before + BigInt(batch.keptCount);
      if (last > this.published) this.published = last;
      return before;
    } catch (error) {
      throw this.unavailable(batch, (error as Error).message, error as Error);
    }
  }

  /** Opens a listening connection; once it listens, reads back what was missed, then delivers live. */
  private listen(): void {
    if (this.phase === 'closed') return;
    const { pool, url, listenUrl, schema } = this.settings;
    const config = listenUrl !== undefined ? { connectionString: listenUrl } : pool ? { ...pool.options } : { ...(url !== undefined && { connectionString: url }) };
    const listener = new Listener(config, schema, this.notifyChannel, {
      notification: (payload) => this.receive(payload),
      lost: (error) => this.lost(listener, error),
    });
    this.listener = listener;
    listener.start().then(() => {
      if (this.listener !== listener || this.phase === 'closed') return;
      this.phase = 'catching-up';
      this.catchUp();
    });
  }

  /** The listening connection failed or closed: deliveries stop until a new one listens and caught up. */
  private lost(listener: Listener, error: Error): void {
    if (this.listener !== listener) return;
    this.listener = undefined;
    void listener.close();
    if (this.phase === 'closed') return;
    this.phase = 'connecting';
    this.wentDown(error);
    this.timer = setTimeout(() => this.listen(), Math.min(50 * 2 ** this.attempts++, RETRY_MS));
    this.timer.unref();
  }

  private catchUp(): void {
    const listener = this.listener;
    this.readBack().then(
      () => {
        // The connection was lost (or the backplane closed) meanwhile: a later catch-up takes over.
        if (this.phase !== 'catching-up' || this.listener !== listener) return;
        const { droppedUnkept } = this.held;
        if (droppedUnkept !== undefined) {
          // Notifications were dropped while catching up: the table holds the kept events, read it again.
          this.held.droppedUnkept = undefined;
          this.emit('resync', droppedUnkept);
          return this.catchUp();
        }
        this.phase = 'live';
        this.attempts = 0;
        for (const payload of this.held.take()) this.inbox.push(payload);
        this.wake();
        this.cameBack();
      },
      (error: Error) => listener && this.lost(listener, error),
    );
  }

  /**
   * The first time, starts after the newest kept event (clients replay the rest themselves);
   * after an outage, delivers the kept events this process missed.
   */
  private async readBack(): Promise<void> {
    const position = this.position;
    if (position === undefined) {
      const [head] = await this.command<{ last: string }>(this.sql.head, [this.settings.channel]);
      this.position = BigInt(head?.last ?? '0');
      return;
    }
    // Read from the last delivered event itself: if it is gone, what followed it may be gone too.
    let start = position;
    for (;;) {
      const page = await this.rows(start, null, PAGE, 0);
      if (start === position && position > 0n && this.historySize > 0 && lostAfter(position, page[0]?.id, position)) {
        this.emit('gap', String(position));
      }
      for (const row of page) {
        const event = this.decode(row.entry, row.id);
        this.deliver(BigInt(row.id), event);
      }
      const last = page.at(-1);
      if (!last || page.length < PAGE) return;
      start = BigInt(last.id) + 1n;
    }
  }

  /** A notification: delivered in order, or held while catching up. */
  private receive(payload: string): void {
    if (this.phase === 'closed') return;
    if (this.phase === 'live') this.inbox.push(payload);
    else this.held.hold(payload);
  }

  private deliverBatch(before: bigint, lines: string): void {
    let id = before;
    for (const line of lines.split('\n')) {
      const kept = line.startsWith('+');
      if (kept) {
        id++;
      } else if (!line.startsWith('-')) {
        this.skip(new TypeError(`batch line ${JSON.stringify(line.slice(0, 40))} is not an event`));
        continue;
      }
      this.deliver(kept ? id : undefined, this.decode(line.slice(1), kept ? String(id) : undefined));
    }
  }

  private deliver(id: bigint | undefined, event: BackplaneEvent | undefined): void {
    if (this.phase === 'closed') return;
    if (id !== undefined) {
      if (id <= (this.position ?? 0n)) return; // already delivered (read back after an outage)
      this.position = id;
      if (this.waiters.length > 0) this.wake();
    }
    if (event) this.receiver?.deliver(event);
  }

  private decode(entry: string, id: string | undefined): BackplaneEvent | undefined {
    try {
      return decodeEntry(entry, id);
    } catch (error) {
      return this.skip(error as Error);
    }
  }

  private skip(error: Error): undefined {
    this.emit('skipped', error);
    return undefined;
  }

  /**
   * The kept events after `from` up to `upTo`. `reset` says the client missed some that are gone,
   * as an in-memory channel decides it: `from` is an id this package gives (1 or more) that is not
   * kept while the event after it was trimmed, or events after it are older than the retention.
   * Any other Last-Event-ID (`0`, or not an id) asks for everything kept, with no reset.
   */
  private async readReplay(from: bigint | undefined, upTo: bigint): Promise<BackplaneReplay> {
    const rows = await this.rows(from ?? 0n, upTo, null, this.settings.retention);
    const kept = from !== undefined && rows[0] !== undefined && BigInt(rows[0].id) === from;
    const after = kept ? rows.slice(1) : rows;
    const events: BackplaneEvent[] = [];
    let stale = 0;
    for (const row of after) {
      if (!row.fresh) {
        stale++;
        continue;
      }
      const event = this.decode(row.entry, row.id);
      if (event) events.push(event);
    }
    const placed = from !== undefined && from > 0n;
    const trimmed = !kept && placed && lostAfter(from, rows[0]?.id, upTo);
    return { events, reset: placed && (trimmed || stale > 0) };
  }

  /** Kept rows from `from` (inclusive) up to `upTo` (inclusive, or the newest), at most `limit`. */
  private rows(from: bigint, upTo: bigint | null, limit: number | null, retention: number): Promise<Row[]> {
    return this.command<Row>(this.sql.read, [this.settings.channel, String(from), String(upTo ?? MAX_ID), limit, retention]);
  }

  /** Waits until this process has delivered `id`, or the newest kept event when `id` is beyond it. */
  private async catchUpTo(id: bigint): Promise<void> {
    const [head] = await this.command<{ last: string }>(this.sql.head, [this.settings.channel]);
    const newest = BigInt(head?.last ?? '0');
    const target = newest < id ? newest : id;
    while (this.phase !== 'closed' && (this.position ?? 0n) < target) {
      await new Promise<void>((wake) => this.waiters.push(wake));
    }
  }

  private async command<R>(text: string, values: unknown[]): Promise<R[]> {
    const pool = this.pool;
    if (this.phase === 'closed' || !pool) throw this.closedError('');
    const result = await pool.query(text, values);
    return result.rows as R[];
  }

  private async whenLive(): Promise<void> {
    while (this.phase !== 'closed' && !(this.phase === 'live' && !this.down)) {
      await new Promise<void>((wake) => this.waiters.push(wake));
    }
    this.checkOpen('');
  }

  private checkOpen(what: string): void {
    if (this.phase === 'closed') throw this.closedError(what);
    if (this.down) throw new PostgresUnavailableError(`PostgreSQL is unreachable for ${this.settings.channel}${what && `: ${what}`}`);
  }

  private closedError(what: string): PostgresUnavailableError {
    return new PostgresUnavailableError(`the PostgreSQL backplane of ${this.settings.channel} is closed${what && `: ${what}`}`);
  }

  private unavailable(batch: PublishBatch, reason: string, cause?: Error): PostgresUnavailableError {
    const count = batch.size === 1 ? 'the event' : `${batch.size} events`;
    return new PostgresUnavailableError(`PostgreSQL did not take ${count} for ${this.settings.channel}, not sent: ${reason}`, { cause });
  }

  private wentDown(error: Error): void {
    if (this.phase === 'closed' || this.down) return;
    this.down = true;
    this.wake();
    this.emit('outage', error);
  }

  private cameBack(): void {
    if (!this.down) return;
    this.down = false;
    this.wake();
    this.emit('recovery');
  }

  private wake(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }
}

/** The id a Last-Event-ID names: an integer in the id column's range; anything else names none. */
function idOf(lastEventId: string): bigint | undefined {
  if (!/^\d{1,19}$/.test(lastEventId)) return undefined;
  const id = BigInt(lastEventId);
  return id <= MAX_ID ? id : undefined;
}

/** Whether events after `position` (not kept) were trimmed, given the first kept row from it, `first`, and the newest delivered, `newest`. */
function lostAfter(position: bigint, first: string | undefined, newest: bigint): boolean {
  if (first === undefined) return position < newest;
  const next = BigInt(first);
  return next !== position && next !== position + 1n;
}

/** Whether an error is the connection's or the server's state rather than the statement's. */
function isTransient(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code) || TRANSIENT.test(code);
}
