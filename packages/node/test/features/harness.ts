import type { SseChannel, SseChannelOptions } from '@sse-channel/core';

/** A channel served over a real HTTP server on 127.0.0.1, by some adapter. */
export interface FeatureServer<H, R> {
  /** The URL of the event stream. */
  url: string;
  channel: SseChannel<H, R>;
  /** Closes the channel and the server. */
  close(): Promise<void>;
}

/** How the feature scenarios run against one adapter. */
export interface FeatureHarness<H, R> {
  /** Starts a server whose event stream is a new channel with these options. */
  serve(options: SseChannelOptions<R>): Promise<FeatureServer<H, R>>;
  /** A request header as the adapter's request object exposes it. */
  header(request: R, name: string): string | undefined;
}
