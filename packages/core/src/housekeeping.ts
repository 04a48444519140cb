import type { History } from './History.js';
import { closeExpired, lifetimeResolution, type Lifetime } from './lifetime.js';

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

  /** Runs once per beat. */
  beat(now = Date.now()): void {
    const { lifetime, stallTimeout, target } = this;
    target.history.expire(now);
    if (lifetime.max > 0) target.expired(closeExpired(target.clients(), lifetime, now));
    if (this.stalled.size === 0) return;
    const due: C[] = [];
    for (const client of this.stalled) if (now - (client.stalledSince ?? now) >= stallTimeout) due.push(client);
    for (const client of due) target.stalledOut(client);
  }
}
