import { concatBytes } from './bytes.js';
import type { ClientMetadata } from './featureOptions.js';
import type { SlowClientPolicy } from './options.js';
import type { StatsCounters } from './stats.js';
import type { SseClient } from './SseClient.js';
import type { SseSink } from './SseSink.js';
import type { AnyEvents, ChannelMessage, EventMap } from './typedEvents.js';

/** What a client needs from its channel. */
export interface ClientHost<C, Message> {
  readonly maxQueuedBytes: number;
  readonly slowClientPolicy: SlowClientPolicy;
  readonly counters: StatsCounters;
  /** Sends a message to this client alone. */
  sendTo(client: C, message: Message): void;
  /** The client's transport stopped taking bytes (`stalled`), or took them again. */
  congestion(client: C, stalled: boolean): void;
  /** The client went over `maxQueuedBytes`: `bytes` were dropped (`dropped`), or it is being cut. */
  overflowed(client: C, bytes: number, dropped: boolean): void;
  /** The client left; called once. */
  closed(client: C): void;
}

/**
 * Where a client is in its life. `joining`: its replay is being read from a backplane, and what the
 * channel delivers meanwhile is held, to follow the replay. `live`: it gets what the channel
 * delivers. `closed`: it has left.
 */
type Phase = 'joining' | 'live' | 'closed';

/** How many clients were made: the next one's place in connection order. */
let made = 0;

/**
 * A client as the channel drives it. It owns its frames: those of the current tick when they differ
 * from the channel's broadcast, and those waiting (`pending`) while it joins or while its transport
 * is congested, bounded by `maxQueuedBytes`.
 */
export class ChannelClient<H = unknown, M extends object = ClientMetadata, E extends EventMap = AnyEvents> implements SseClient<H, M, E> {
  readonly connectedAt = Date.now();
  /** Its place in connection order: a client made later has a greater one. */
  readonly order = made++;
  /** When the channel closes the connection (`maxLifetime`), ms since epoch. */
  expiresAt = Infinity;
  /** Since when (ms since epoch) the transport has refused bytes without draining; undefined while it takes them. */
  stalledSince: number | undefined = undefined;
  private phase: Phase = 'live';
  /** This tick's frames, when they differ from the broadcast; null when the client follows it. */
  private own: Uint8Array[] | null = null;
  /** What waits for the replay or for a drain; none while neither, so an idle client holds nothing. */
  private pending: Uint8Array[] | null = null;
  private pendingBytes = 0;
  // Made on first use: most clients never carry metadata, and an idle client should stay small.
  private ownMetadata: M | undefined = undefined;

  constructor(
    private readonly sink: SseSink,
    private readonly host: ClientHost<ChannelClient<H, M, E>, ChannelMessage<E>>,
    readonly handle: H,
  ) {}

  get metadata(): M {
    return (this.ownMetadata ??= {} as M);
  }

  set metadata(value: M) {
    this.ownMetadata = value;
  }

  get isClosed(): boolean {
    return this.phase === 'closed';
  }

  /** True while its replay is read from a backplane. */
  get isJoining(): boolean {
    return this.phase === 'joining';
  }

  get queuedBytes(): number {
    return this.pendingBytes;
  }

  send(message: ChannelMessage<E>): void {
    if (this.phase !== 'closed') this.host.sendTo(this, message);
  }

  close(): void {
    void this.end();
  }

  onSinkDrain(): void {
    if (this.phase === 'closed' || this.stalledSince === undefined) return;
    this.stalledSince = undefined;
    this.host.congestion(this, false);
    if (this.phase === 'live') this.writePending();
  }

  onSinkClose(): void {
    if (this.phase !== 'closed') this.host.closed(this);
  }

  /**
   * Writes the stream's first bytes at once: with `joining`, what the channel delivers afterwards
   * is held until `joined` brings the replay.
   */
  start(opening: Uint8Array, joining: boolean): void {
    this.write(opening);
    if (joining && this.phase === 'live') this.phase = 'joining';
  }

  /** Gives this tick frames of its own, starting with the broadcast's so far. */
  startTick(broadcast: readonly Uint8Array[]): void {
    this.own = broadcast.slice();
  }

  /** Adds a frame to this tick's own frames (after `startTick`). */
  push(frame: Uint8Array): void {
    this.own?.push(frame);
  }

  /** Hands over this tick's own frames (null when it had none) and follows the broadcast again. */
  takeTick(): readonly Uint8Array[] | null {
    const own = this.own;
    this.own = null;
    return own;
  }

  /** Hands bytes to the transport, or holds them while joining or congested. */
  deliver(chunk: Uint8Array): void {
    if (this.phase === 'closed') return;
    if (this.phase === 'joining' || this.stalledSince !== undefined) this.enqueue(chunk);
    else this.write(chunk);
  }

  /** The backplane fixed the replay's end: what was held until now is in the replay or older than it. */
  cut(): void {
    if (this.phase !== 'joining') return;
    this.pending = null;
    this.pendingBytes = 0;
  }

  /** The replay arrived: it goes before what was held since the cut, and the client is live. */
  joined(replay: readonly Uint8Array[]): void {
    if (this.phase !== 'joining') return;
    this.phase = 'live';
    if (replay.length > 0) {
      this.pending = [...replay, ...(this.pending ?? [])];
      for (const frame of replay) this.pendingBytes += frame.byteLength;
    }
    // A congested transport gets it all on its drain.
    if (this.stalledSince === undefined) this.writePending();
  }

  /**
   * Ends the transport; the client leaves the channel. `drain` first hands over what a congested
   * transport still had queued (already bounded by `maxQueuedBytes`). Resolves once the transport closed.
   */
  end(drain = false): Promise<void> {
    if (this.phase === 'closed') return Promise.resolve();
    if (drain && this.phase === 'live') this.writePending();
    // Writing may have found the transport gone.
    if (this.isClosed) return Promise.resolve();
    const ended = this.sink.end();
    this.host.closed(this);
    return Promise.resolve(ended);
  }

  /** Lets go of everything it held; the channel calls this as the client leaves. */
  release(): void {
    this.phase = 'closed';
    this.own = null;
    this.pending = null;
    this.pendingBytes = 0;
  }

  /** Cuts the connection: a transport that does not drain would hold a graceful end for ever. */
  cutOff(): void {
    if (this.phase === 'closed') return;
    if (this.sink.destroy) this.sink.destroy();
    else void this.sink.end();
    this.host.closed(this);
  }

  private writePending(): void {
    const chunks = this.pending;
    if (chunks === null) return;
    this.pending = null;
    this.pendingBytes = 0;
    this.write(concatBytes(chunks));
  }

  private write(chunk: Uint8Array): void {
    this.host.counters.bytesSent += chunk.byteLength;
    try {
      if (!this.sink.write(chunk) && this.stalledSince === undefined) {
        this.stalledSince = Date.now();
        this.host.congestion(this, true);
      }
      this.sink.flush?.();
    } catch {
      // A transport that throws is gone: the client leaves instead of breaking the broadcast.
      this.onSinkClose();
    }
  }

  private enqueue(chunk: Uint8Array): void {
    const pending = (this.pending ??= []);
    pending.push(chunk);
    this.pendingBytes += chunk.byteLength;
    const limit = this.host.maxQueuedBytes;
    if (this.pendingBytes <= limit) return;
    // A joining client cannot drop frames (its stream would have a gap): it is cut and catches up when it reconnects.
    if (this.phase === 'joining' || this.host.slowClientPolicy === 'disconnect') {
      this.host.overflowed(this, this.pendingBytes, false);
      this.cutOff();
      return;
    }
    let dropped = 0;
    while (this.pendingBytes > limit) {
      const oldest = pending.shift() as Uint8Array;
      this.pendingBytes -= oldest.byteLength;
      dropped += oldest.byteLength;
    }
    this.host.overflowed(this, dropped, true);
  }
}
