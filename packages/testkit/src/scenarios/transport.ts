import type { IncomingHttpHeaders, Server } from 'node:http';

/** An event as the scenarios send it. */
export interface ScenarioEvent {
  id?: string | number;
  event?: string;
  retry?: number;
  data?: unknown;
}

/** What a client with no Last-Event-ID is replayed (core's `FirstConnect`). */
export type FirstConnectSetting = 'none' | 'all' | number;

/**
 * The options of a channel the scenarios create (a subset of `SseChannelOptions`). The functions
 * of the request take `unknown`, so they fit every adapter's request type; `requestHeader` reads them.
 */
export interface ChannelSettings {
  historySize?: number;
  history?: ScenarioEvent[];
  retryTimeout?: number;
  pingInterval?: number | false;
  jsonEncode?: boolean;
  cors?: { origins: string[] | '*'; credentials?: boolean; headers?: string[] };
  maxQueuedBytes?: number;
  stallTimeout?: number;
  maxClients?: number;
  autoId?: boolean;
  historyMaxAge?: number;
  firstConnect?: FirstConnectSetting | ((request: unknown) => FirstConnectSetting);
  resetEvent?: string | false;
  metadata?: (request: unknown) => Record<string, unknown>;
  maxLifetime?: number;
  lifetimeJitter?: number;
  topics?: boolean | ((request: unknown) => readonly string[]);
  authorizeTopic?: (topic: string, request: unknown) => boolean;
  unauthorizedTopics?: 'refuse' | 'omit';
  maxTopics?: number;
}

/** What the scenarios use of a connected client (core's `SseClient`). */
export interface ScenarioClient {
  readonly metadata: Record<string, unknown>;
  readonly isClosed: boolean;
  send(message: string | ScenarioEvent): void;
  close(): void;
}

/** What the `connect` event tells besides the request and handle (core's `ConnectInfo`). */
export interface ScenarioConnect {
  client: ScenarioClient;
  lastEventId: string | undefined;
  replayed: number;
  reset: boolean;
}

/** The `connect` listener: the handle is whatever the adapter identifies a client by. */
export type ConnectListener = (channel: unknown, request: unknown, handle: unknown, info: ScenarioConnect) => void;

/** What the scenarios use of a channel; every adapter's channel has it. */
export interface ScenarioChannel {
  send(message: string | ScenarioEvent, target?: { filter(client: ScenarioClient): boolean }): void;
  ping(): void;
  retry(milliseconds: number): void;
  /** Ends every stream, after a final `event` when given; resolves once they closed. */
  close(options?: { event?: string | ScenarioEvent }): Promise<void>;
  getConnectionCount(): number;
  /** Core's `topic(name)`: a topic's `send` reaches the clients that read it. */
  topic(name: string): { send(message: string | ScenarioEvent): unknown };
  on(event: 'connect', listener: ConnectListener): unknown;
  on(event: 'connect' | 'disconnect' | 'slow-client', listener: () => void): unknown;
  once(event: 'connect', listener: ConnectListener): unknown;
  getClient(handle: unknown): ScenarioClient | undefined;
  /** The counters the feature scenarios read by name; they compare the whole snapshot too. */
  stats(): { eventsSent: number; historySize: number; expiredConnections: number };
  /** Core's `accept`: the churn scenario watches what it creates. */
  accept(...args: never[]): { open(...args: never[]): object };
}

/** The app a transport serves: one SSE route at `/events/:name` for every method. */
export interface AppSettings<C extends ScenarioChannel> {
  /** The channel, or a resolver given the route's `:name` parameter (read the framework's way). */
  channel: C | ((name: string) => C | undefined | Promise<C | undefined>);
  /** Passed on as the adapter's `authorize`, given the request's headers (read the framework's way). */
  authorize?: (headers: IncomingHttpHeaders) => boolean | number | Promise<boolean | number>;
  /** Passed on as the adapter's `onError`. */
  onError?: (error: unknown) => void;
  /** Turn on the framework's usual compression for every route. */
  compression?: boolean;
}

/** A running app. */
export interface ServedApp {
  /** Base URL, such as `http://127.0.0.1:41234`. */
  url: string;
  /** The node:http server underneath. */
  server: Server;
  /** Shuts the app down the framework's way, closing open connections. */
  stop(): Promise<void>;
  /**
   * What the framework reported as an error through its own error channel (koa's `error` event,
   * express's error handler, fastify's log at warn level or above, hapi's request errors and
   * application logs tagged error, Hono's `onError`), in order. Its default error handling stays on
   * beside the recording.
   */
  errors: unknown[];
}

/**
 * What a transport's server can do beyond serving the app. A scenario that needs what the server
 * lacks is skipped (and reported skipped), never passed by an app that ignored the setting.
 */
export interface Capabilities {
  /**
   * What the framework's usual compression (`AppSettings.compression`) does to an event stream:
   * `'gzip'` when it encodes it, `'none'` when it leaves event streams alone, `false` when the server
   * has no compression layer of its own (the compression scenarios are skipped). Default `'none'`.
   */
  compression?: 'gzip' | 'none' | false;
}

/** How to run the scenarios on one framework: make a channel, serve an app on 127.0.0.1:0. */
export interface Transport<C extends ScenarioChannel = ScenarioChannel> {
  /** Shown in test names, such as `express 5`. */
  name: string;
  /** What its server can do; each capability has the default it names. */
  capabilities?: Capabilities;
  createChannel(settings?: ChannelSettings): C;
  serve(app: AppSettings<C>): Promise<ServedApp>;
}
