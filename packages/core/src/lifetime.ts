/** The longest a connection is kept, and how much earlier than that each one may be closed at random. */
export interface Lifetime {
  /** Milliseconds; 0 keeps connections open indefinitely. */
  max: number;
  /** Milliseconds; each connection's lifetime is `max` minus a random part of this. */
  jitter: number;
}

/** What a connection needs for its lifetime to be checked. */
interface Expiring {
  readonly connectedAt: number;
  expiresAt: number;
  close(): void;
}

/** When a connection opened at `now` is to be closed: its jitter spreads reconnects after a deploy. */
export function expiryOf(lifetime: Lifetime, now: number): number {
  return lifetime.max === 0 ? Infinity : now + lifetime.max - Math.random() * lifetime.jitter;
}

/** How often the channel timer must beat for lifetimes to end close to on time (0: not needed). */
export function lifetimeResolution(lifetime: Lifetime): number {
  return lifetime.max === 0 ? 0 : Math.max(10, Math.floor(lifetime.max / 20));
}

/**
 * Closes the connections whose lifetime is over, at most `limit` of them, and returns how many.
 * `clients` are in connection order, so the walk stops at the first one too young to have expired,
 * whatever its jitter.
 */
export function closeExpired(clients: Iterable<Expiring>, lifetime: Lifetime, now: number, limit = Infinity): number {
  const youngest = now - (lifetime.max - lifetime.jitter);
  const expired: Expiring[] = [];
  for (const client of clients) {
    if (client.connectedAt > youngest || expired.length >= limit) break;
    if (client.expiresAt <= now) expired.push(client);
  }
  for (const client of expired) client.close();
  return expired.length;
}
