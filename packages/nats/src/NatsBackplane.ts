import { EventEmitter } from 'node:events';
import type { Backplane, BackplaneEngineEvents, BackplaneEvent, BackplaneReceiver, BackplaneReplay } from '@sse-channel/core';
import { jetstream, jetstreamManager, type ConsumerMessages, type JetStreamClient, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import { connect, type Msg, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { decodeEntry } from './entry.js';
import { ensureStream, type StreamSpec } from './ensureStream.js';
import { HeldEvents } from './HeldEvents.js';
import { resolveNatsOptions, type NatsBackplaneOptions, type ResolvedNatsOptions } from './options.js';
import { Publisher } from './Publisher.js';
import { StreamWriter } from './StreamWriter.js';
import { ReplayReader } from './ReplayReader.js';

/**
 * The events a NATS backplane emits: those of every engine's backplane (`outage`, `recovery`, `gap`,
 * `resync`, `skipped`). A `gap` here means kept events left the stream (it keeps
 * `max(historySize, minStreamMessages)`) before this process read them; a `resync`, that more than
 * `maxPendingEvents` events without an id waited for the kept events sent before them.
 */
export type NatsBackplaneEvents = BackplaneEngineEvents;

/** Thrown (as a rejection of `send`) when NATS could not take an event: it was not sent. */
export class NatsUnavailableError extends Error {
  /** `'NatsUnavailableError'`, to tell it from other errors by name. */
  override readonly name = 'NatsUnavailableError';
}

/**
 * `starting`: the live consumer is not (yet, or again) reading the stream. `live`: it is.
 * `closed`: for good.
 */
type Phase = 'starting' | 'live' | 'closed';

/** Wait between attempts to connect or to set the stream up again. */
const RETRY_MS = 1000;
/** The least time the stream keeps events with a `retention`: live delivery reads the stream, so a process may lag this much behind. */
const MIN_STREAM_AGE_MS = 60_000;

/**
 * A backplane on NATS JetStream: each channel has a stream of its own whose sequence numbers its
 * kept events (the sequence is the id: 1, 2, 3…); every process reads it live through an ordered
 * consumer, and replays read its newest `historySize` events. Events without an id are not stored:
 * they go to every process on a subject of their own. One connection per backplane (or the
 * application's). Create it with `natsBackplane()`.
 */
export class NatsBackplane extends EventEmitter<NatsBackplaneEvents> implements Backplane {
  /** The name of the channel's stream. */
  readonly stream: string;
  private readonly settings: ResolvedNatsOptions;
  private readonly publisher: Publisher;
  private readonly held: HeldEvents;
  private connection: NatsConnection | undefined;
  private jetstream: JetStreamClient | undefined;
  private writer: StreamWriter | undefined;
  private reader: ReplayReader | undefined;
  private manager: JetStreamManager | undefined;
  private subscription: Subscription | undefined;
  private consumer: ConsumerMessages | undefined;
  private receiver: BackplaneReceiver | undefined;
  private historySize = 0;
  /** Stream sequence of the newest kept event delivered here; undefined until the first set-up. */
  private position: number | undefined = undefined;
  private phase: Phase = 'starting';
  /** An outage was reported (`outage`) and its end not yet (`recovery`). */
  private down = false;
  /** Counts set-ups and losses: a consumer or a set-up of an earlier one delivers and does nothing. */
  private generation = 0;
  private waiters: Array<() => void> = [];

  /** @throws TypeError or RangeError naming the option when an option is invalid. */
  constructor(options: NatsBackplaneOptions) {
    super();
    this.settings = resolveNatsOptions(options);
    this.stream = this.settings.names.stream;
    this.publisher = new Publisher({
      store: (body) => (this.writer as StreamWriter).store(body),
      pass: (body) => this.connection?.publish(this.settings.names.live, body),
      flush: () => (this.connection as NatsConnection).flush(),
      maxPayload: () => this.connection?.info?.max_payload,
      position: () => this.position ?? 0,
    });
    this.held = new HeldEvents(this.settings.maxPendingEvents, {
      deliver: (event) => this.receiver?.deliver(event),
      dropped: (count) => this.emit('resync', count),
    });
  }

  /** Called by the channel it serves (the `Backplane` contract): connects and starts reading the stream. */
  open(receiver: BackplaneReceiver, historySize: number): void {
    if (this.receiver) throw new Error(`this NATS backplane already serves a channel (${this.stream})`);
    this.receiver = receiver;
    this.historySize = historySize;
    // A connection passed in that is closed already cannot be subscribed to: that is an outage for good.
    this.start().catch((error: Error) => this.wentDown(error));
  }

  /** Resolves once connected and reading the stream; rejects when the backplane is closed first. */
  async ready(): Promise<void> {
    await this.whenLive();
  }

  /**
   * Called by the channel's `send`: stores a kept event in the stream, or sends one without an id
   * to every process; rejects with `NatsUnavailableError` while NATS is away, and with a
   * `RangeError` for an event larger than the server takes. Before the first connection, waits for
   * it (or for it to fail).
   */
  async publish(event: BackplaneEvent, keep: boolean): Promise<string | undefined> {
    while (this.phase === 'starting' && !this.down) await this.pause(RETRY_MS);
    if (this.phase === 'closed') throw new NatsUnavailableError(`the NATS backplane of ${this.stream} is closed: the event was not sent`);
    if (this.down) throw new NatsUnavailableError(`NATS is unavailable for ${this.stream}: the event was not sent`);
    try {
      const sequence = await this.publisher.add(event, keep);
      return sequence === undefined ? undefined : String(sequence);
    } catch (error) {
      throw this.notSent(error as Error);
    }
  }

  /**
   * Called for a client that connects with a Last-Event-ID: reads the kept events after `lastEventId` up to the newest delivered here, and whether
   * some after it are gone; waits out an outage.
   */
  async replay(lastEventId: string, cut: () => void): Promise<BackplaneReplay> {
    const from = /^\d{1,15}$/.test(lastEventId) ? Number(lastEventId) : undefined;
    for (;;) {
      await this.whenLive();
      try {
        // A client coming from a process that is ahead of this one: its events must arrive here first.
        if (from !== undefined && from > (this.position ?? 0)) await this.catchUpTo(from);
        const upTo = this.position ?? 0;
        cut();
        return await (this.reader as ReplayReader).get(from, upTo);
      } catch (error) {
        if (this.phase === 'closed') throw error;
        await this.pause(RETRY_MS);
      }
    }
  }

  /** Stops reading and releases the connection (one passed in options is left open). Pending replays and sends are rejected. */
  async close(): Promise<void> {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    this.generation++;
    this.held.close();
    this.publisher.fail(new NatsUnavailableError(`the NATS backplane of ${this.stream} is closed: the event was not sent`));
    this.wake();
    const { consumer, subscription, connection } = this;
    this.consumer = undefined;
    subscription?.unsubscribe();
    this.writer?.close();
    await consumer?.close().catch(() => undefined);
    if (connection && !this.settings.connection) await connection.close();
  }

  /** Connects (retrying while NATS is away), subscribes to events without an id, then sets up. */
  private async start(): Promise<void> {
    let connection = this.settings.connection;
    while (!connection && this.phase !== 'closed') {
      try {
        // Reconnects for ever on its own once connected; the first connection is retried here.
        connection = await connect({ servers: this.settings.servers, name: `sse-channel:${this.stream}`, maxReconnectAttempts: -1, reconnectTimeWait: 500 });
      } catch (error) {
        this.wentDown(error as Error);
        await this.pause(RETRY_MS);
      }
    }
    if (!connection) return;
    if (this.phase === 'closed') {
      if (!this.settings.connection) await connection.close();
      return;
    }
    this.connection = connection;
    this.jetstream = jetstream(connection);
    // No request yet: whether JetStream answers is found out by `setup`, which retries.
    this.manager = await jetstreamManager(connection, { checkAPI: false });
    this.writer = new StreamWriter(connection, this.settings.names.subject);
    this.reader = new ReplayReader({
      js: this.jetstream,
      manager: this.manager,
      stream: this.stream,
      historySize: this.historySize,
      retention: this.settings.retention,
      skipped: (error) => this.emit('skipped', error),
    });
    this.subscription = connection.subscribe(this.settings.names.live, {
      callback: (error, message) => {
        if (!error) this.receiveUnkept(message);
      },
    });
    void this.watch(connection);
    await this.setup();
  }

  /** Follows the connection: a loss stops the live consumer and rejects sends; a reconnection sets up again. */
  private async watch(connection: NatsConnection): Promise<void> {
    for await (const status of connection.status()) {
      if (this.phase === 'closed') return;
      if (status.type === 'disconnect') this.lost(new Error(`disconnected from NATS at ${status.server}`));
      else if (status.type === 'reconnect') void this.setup();
    }
    if (this.phase !== 'closed') this.lost(new Error('the NATS connection was closed'));
  }

  /**
   * Makes sure the stream is there and as wanted, then reads it live from the event after the
   * newest delivered here (from its end, the first time). Retries while JetStream is not available.
   */
  private async setup(): Promise<void> {
    const generation = ++this.generation;
    this.stopConsumer();
    while (this.phase !== 'closed' && generation === this.generation) {
      try {
        const state = await ensureStream(this.manager as JetStreamManager, this.spec(), this.position);
        if (generation !== this.generation) return;
        if (this.position === undefined) {
          this.position = state.last_seq;
          this.held.release(this.position, false);
        }
        const consumer = await (this.jetstream as JetStreamClient).consumers.get(this.stream, { opt_start_seq: this.position + 1 });
        const messages = await consumer.consume({
          callback: (message) => {
            if (generation === this.generation) this.receiveKept(message);
          },
        });
        if (generation !== this.generation) {
          await messages.close();
          return;
        }
        this.consumer = messages;
        void this.watchConsumer(messages, generation);
        this.phase = 'live';
        this.wake();
        this.cameBack();
        return;
      } catch (error) {
        if (generation !== this.generation) return;
        this.wentDown(error as Error);
        await this.pause(RETRY_MS);
      }
    }
  }

  /**
   * The stream holds the history and is what every process reads live, so it keeps more than the
   * history (`minStreamMessages`, MIN_STREAM_AGE_MS) for processes that lag; replays see only the
   * history (`readReplay`).
   */
  private spec(): StreamSpec {
    const { names, retention, minStreamMessages } = this.settings;
    const maxAgeMs = retention === 0 ? 0 : Math.max(retention, MIN_STREAM_AGE_MS);
    return { name: names.stream, subject: names.subject, maxMessages: Math.max(this.historySize, minStreamMessages), maxAgeMs };
  }

  /** The live consumer, or its stream, was deleted under it (by hand, say): set both up again, the sequence going on. */
  private async watchConsumer(messages: ConsumerMessages, generation: number): Promise<void> {
    for await (const notification of messages.status()) {
      if (generation !== this.generation) return;
      if (notification.type === 'consumer_deleted' || notification.type === 'stream_not_found') {
        void this.setup();
        return;
      }
    }
  }

  private stopConsumer(): void {
    const { consumer } = this;
    this.consumer = undefined;
    if (this.phase === 'live') this.phase = 'starting';
    consumer?.close().catch(() => undefined);
  }

  /** The connection or the stream was lost: deliveries stop until `setup`, sends are rejected meanwhile. */
  private lost(error: Error): void {
    this.generation++;
    this.stopConsumer();
    this.publisher.fail(new NatsUnavailableError(`the connection to NATS was lost: the event may not have been sent (${error.message})`, { cause: error }));
    this.wentDown(error);
  }

  /** A publish failed: the error `send` rejects with. A stream missing (no responders) is set up again. */
  private notSent(error: Error): Error {
    if (error instanceof NatsUnavailableError || error instanceof RangeError) return error;
    if (/no responders/.test(error.message)) {
      this.lost(new Error(`the stream ${this.stream} does not answer (${error.message})`));
      void this.setup();
    }
    return new NatsUnavailableError(`NATS did not take the event for ${this.stream}, not sent: ${error.message}`, { cause: error });
  }

  private receiveKept(message: JsMsg): void {
    const sequence = message.seq;
    const position = this.position ?? 0;
    if (sequence <= position) return;
    if (sequence > position + 1) this.emit('gap', String(position));
    this.position = sequence;
    try {
      this.receiver?.deliver(decodeEntry(message.data, sequence).event);
    } catch (error) {
      this.emit('skipped', error as Error);
    }
    this.held.release(sequence, message.info.pending === 0);
    this.wake();
  }

  private receiveUnkept(message: Msg): void {
    try {
      this.held.add(decodeEntry(message.data), this.position);
    } catch (error) {
      this.emit('skipped', error as Error);
    }
  }

  /** Waits until this process has delivered `id`, or the newest kept event when `id` is beyond it. */
  private async catchUpTo(id: number): Promise<void> {
    const manager = this.manager as JetStreamManager;
    let { state } = await manager.streams.info(this.stream);
    const target = Math.min(id, state.last_seq);
    while (this.phase !== 'closed' && state.messages > 0 && (this.position ?? 0) < target) {
      // Messages can leave the stream by age while nothing arrives: with none left there is nothing to wait for.
      if (!(await this.pause(RETRY_MS))) ({ state } = await manager.streams.info(this.stream));
    }
  }

  private async whenLive(): Promise<void> {
    while (this.phase !== 'closed' && !(this.phase === 'live' && !this.down)) await this.pause(RETRY_MS);
    if (this.phase === 'closed') throw new NatsUnavailableError(`the NATS backplane of ${this.stream} is closed`);
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

  /** Waits until something changes (`wake`: true) or `ms` passed (false). */
  private pause(ms: number): Promise<boolean> {
    return new Promise((resume) => {
      const timer = setTimeout(() => resume(false), ms);
      timer.unref();
      this.waiters.push(() => {
        clearTimeout(timer);
        resume(true);
      });
    });
  }

  private wake(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }
}
