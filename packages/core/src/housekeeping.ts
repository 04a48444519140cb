import type { History } from './History.js';
import { closeExpired, lifetimeResolution, type Lifetime } from './lifetime.js';
import { nextMacrotask } from './slices.js';

/** Connections closed in one slice: closing one ends its transport, which costs about as much as a write. */
export const CLOSES_PER_SLICE = 256;

/** History entries evicted in one slice. */
export const EVICTIONS_PER_SLICE = 4096;

/** What housekeeping needs of a client. */
export interface KeptClient {
  readonly connectedAt: number;
  readonly expiresAt: number;
  readonly stalledSince: number | undefined;
  close(): void;
}

/** What housekeeping does to the channel. */
export interface HousekeepingTarget<C> {
  readonly history: History;
  /** The clients, in connection order. */
  clients(): Iterable<C>;
  /** `count` connections were closed at the end of their lifetime. */
  expired(count: number): void;
  /** A client's transport has not drained for `stallTimeout`: it must be cut. */
  stalledOut(client: C): void;
}

/**
 * The channel's work on each beat of its one timer: it evicts aged history, closes connections past
 * their lifetime, and cuts clients whose transport has refused bytes without draining for
 * `stallTimeout` ms (as a proxy's send timeout does). Only stalled clients are looked at for that,
 * so a beat costs nothing per healthy client.
 */
export class Housekeeping<C extends KeptClient> {
  /** Clients whose transport is congested now. */
  private readonly stalled = new Set<C>();
  /** A slice of the beat's work is waiting for its macrotask. */
  private continuing = false;
  private readonly continueBeat = (): void => {
    this.continuing = false;
    this.beat();
  };

  constructor(
    private readonly lifetime: Lifetime,
    private readonly stallTimeout: number,
    private readonly target: HousekeepingTarget<C>,
  ) {}

  /**
   * The longest gap between beats this work allows, 0 when it has none: a stalled client is cut
   * within a third of `stallTimeout` after its time is up.
   */
  get resolution(): number {
    const stall = this.stallTimeout > 0 ? Math.max(10, Math.floor(this.stallTimeout / 3)) : 0;
    const lifetime = lifetimeResolution(this.lifetime);
    return stall === 0 || lifetime === 0 ? stall + lifetime : Math.min(stall, lifetime);
  }

  /** A client's transport stopped taking bytes (`stalled`), took them again, or the client left. */
  congestion(client: C, stalled: boolean): void {
    if (stalled && this.stallTimeout > 0) this.stalled.add(client);
    else this.stalled.delete(client);
  }

  /**
   * Runs once per beat. Aged history and expired connections go in bounded slices: when there are
   * more than a slice holds, the rest follow in later macrotasks, so the beat never stalls the event loop.
   */
  beat(now = Date.now()): void {
    const { lifetime, stallTimeout, target } = this;
    let more = !target.history.expire(now, EVICTIONS_PER_SLICE);
    if (lifetime.max > 0) {
      const closed = closeExpired(target.clients(), lifetime, now, CLOSES_PER_SLICE);
      target.expired(closed);
      more ||= closed === CLOSES_PER_SLICE;
    }
    if (more && !this.continuing) {
      this.continuing = true;
      nextMacrotask(this.continueBeat);
    }
    if (this.stalled.size === 0) return;
    const due: C[] = [];
    for (const client of this.stalled) if (now - (client.stalledSince ?? now) >= stallTimeout) due.push(client);
    for (const client of due) target.stalledOut(client);
  }
}
