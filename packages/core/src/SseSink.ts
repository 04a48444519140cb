/**
 * Where a client's bytes go: the one thing an adapter implements for its transport.
 * The adapter also tells the channel when the transport drains (`client.onSinkDrain()`) and when it
 * closes (`client.onSinkClose()`).
 */
export interface SseSink {
  /**
   * Writes bytes. Returns false when the transport is congested: the channel then queues (within
   * `maxQueuedBytes`) until the adapter reports a drain. Must not throw for a closed transport.
   */
  write(chunk: Uint8Array): boolean;
  /** Pushes out bytes a compression layer may hold back; called after every write when present. */
  flush?(): void;
  /**
   * Ends the stream (the server closes the connection). May return a promise that resolves once the
   * transport has closed: `channel.close()` waits for it.
   */
  end(): void | Promise<void>;
  /**
   * Closes the connection at once, dropping what the transport still holds. Used for a client over
   * `maxQueuedBytes` with policy `'disconnect'`, whose transport may never drain; without it, `end()`.
   */
  destroy?(): void;
}
