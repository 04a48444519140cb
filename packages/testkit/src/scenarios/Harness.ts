import { BrowserStream } from '../BrowserStream.js';
import { EventStream } from '../EventStream.js';
import { FetchStream } from '../FetchStream.js';
import { RawExchange } from '../RawExchange.js';
import { RawStream } from '../RawStream.js';
import type { AppSettings, ChannelSettings, ScenarioChannel, ServedApp, Transport } from './transport.js';

/** Starts channels, apps and clients for one scenario and closes all of them afterwards. */
export class Harness<C extends ScenarioChannel> {
  private readonly channels: C[] = [];
  private readonly apps: ServedApp[] = [];
  private readonly clients: Array<{ close(): void | Promise<void> }> = [];

  constructor(readonly transport: Transport<C>) {}

  /** A new channel, closed after the scenario. */
  channel(settings?: ChannelSettings): C {
    const channel = this.transport.createChannel(settings);
    this.channels.push(channel);
    return channel;
  }

  /** Serves an app, stopped after the scenario. */
  async serve(app: AppSettings<C>): Promise<ServedApp> {
    const served = await this.transport.serve(app);
    this.apps.push(served);
    return served;
  }

  /** A channel served at the returned `url` (`/events/main`). */
  async start(settings?: ChannelSettings, app: Omit<AppSettings<C>, 'channel'> = {}) {
    const channel = this.channel(settings);
    const served = await this.serve({ ...app, channel });
    return { channel, served, url: `${served.url}/events/main` };
  }

  /** A raw-socket request, closed after the scenario. */
  raw(url: string, headers?: Record<string, string>, method?: string): RawStream {
    return this.track(new RawStream(url, headers, method));
  }

  /** Exact request bytes over a raw socket (see `RawExchange.request`), closed after the scenario. */
  exchange(url: string, options?: Parameters<typeof RawExchange.request>[1]): RawExchange {
    return this.track(new RawExchange(url, RawExchange.request(url, options)));
  }

  /** An `eventsource` client, closed after the scenario. */
  events(url: string, options?: ConstructorParameters<typeof EventStream>[1]): EventStream {
    return this.track(new EventStream(url, options));
  }

  /** The browser's own `EventSource` on a page of `url`'s origin, in the test file's shared Chromium; closed after the scenario. */
  async browser(url: string, options?: Parameters<typeof BrowserStream.open>[1]): Promise<BrowserStream> {
    return this.track(await BrowserStream.open(url, options));
  }

  /** A response body read through `fetch`, decoded as a browser would; closed after the scenario. */
  fetched(url: string, headers?: Record<string, string>): FetchStream {
    return this.track(new FetchStream(url, headers));
  }

  async cleanup(): Promise<void> {
    await Promise.all(this.clients.splice(0).map((client) => client.close()));
    await Promise.all(this.apps.splice(0).map((app) => app.stop()));
    for (const channel of this.channels.splice(0)) channel.close();
  }

  private track<T extends { close(): void | Promise<void> }>(client: T): T {
    this.clients.push(client);
    return client;
  }
}
