import type { Backplane, BackplaneEvent, BackplaneReplay } from './Backplane.js';
import { frameWireEvent, toWireEvent } from './encodeEvent.js';
import type { SseMessage, WireEvent } from './message.js';
import { backplaneReplay, NO_REPLAY, type Replay } from './replay.js';

/** What the link needs of a client that joins through the backplane. */
export interface JoiningClient {
  cut(): void;
  joined(replay: readonly Uint8Array[]): void;
  close(): void;
}

/** What the link tells its channel. */
export interface LinkReceiver<C> {
  /** An event the backplane ordered, framed once for every client of this process. */
  receive(event: WireEvent, frame: Uint8Array): void;
  /** Something the backplane handed over could not be framed (a hostile `id` or `event`): it was skipped. */
  refuse(error: unknown): void;
  /** Called before a joining client's cut: what the channel still holds for the client must reach it first. */
  settle(client: C): void;
}

/**
 * A channel's link to its backplane: broadcasts go out through it as events, and come back, from
 * every process, to be framed once here; a client with a Last-Event-ID joins through it, its replay
 * read from the shared history while what arrives meanwhile is held by the client.
 */
export class BackplaneLink<C extends JoiningClient = JoiningClient> {
  /** Frames of replayed events: a backplane may hand the same events to many clients replaying from one id. */
  private readonly frames = new WeakMap<BackplaneEvent, Uint8Array | null>();
  /** Clients whose replay is being read, with what to call once they joined (or left first). */
  private readonly joining = new Map<C, (replay: Replay) => void>();

  constructor(
    private readonly backplane: Backplane,
    historySize: number,
    private readonly channel: LinkReceiver<C>,
  ) {
    backplane.open({ deliver: (event) => this.deliver(event) }, historySize);
  }

  /**
   * Checks a broadcast and hands it to the backplane; a message with an id is kept, and with
   * `autoId` every one is. The promise is marked as handled: a caller that does not await `send`
   * must not crash the process when the engine is away (the backplane reports outages itself),
   * while one that awaits it sees the rejection.
   *
   * @throws TypeError when the message's `id` or `event` holds CR, LF or NUL.
   */
  publish(message: SseMessage, options: { jsonEncode: boolean; autoId: boolean }): Promise<string | undefined> {
    const keep = options.autoId || (typeof message !== 'string' && Boolean(message.id));
    const published = this.backplane.publish(toWireEvent(message, options.jsonEncode), keep);
    published.catch(() => undefined);
    return published;
  }

  /**
   * Reads a client's replay after `lastEventId`; `joined` is called once, with the replay when the
   * client got it, or with nothing when the client left first. A failed read ends the client's
   * connection: it reconnects with the same Last-Event-ID.
   */
  join(client: C, lastEventId: string, resetEvent: string | undefined, joined: (replay: Replay) => void): void {
    this.joining.set(client, joined);
    const cut = (): void => {
      this.channel.settle(client);
      client.cut();
    };
    this.backplane.replay(lastEventId, cut).then(
      (found) => {
        if (!this.joining.delete(client)) return;
        const replay = backplaneReplay(this.framesOf(found), found.reset, lastEventId, resetEvent);
        client.joined(replay.frames);
        joined(replay);
      },
      () => client.close(),
    );
  }

  /** The replay a client with `lastEventId` would get, read now (for `sendEventsSinceId`). */
  read(lastEventId: string, resetEvent: string | undefined): Promise<Replay> {
    return this.backplane.replay(lastEventId, () => undefined).then((found) => backplaneReplay(this.framesOf(found), found.reset, lastEventId, resetEvent));
  }

  /** A client left: if it was joining, it is told it joined with nothing. */
  left(client: C): void {
    const joined = this.joining.get(client);
    if (joined === undefined) return;
    this.joining.delete(client);
    joined(NO_REPLAY);
  }

  private deliver(event: BackplaneEvent): void {
    const wire = this.check(event);
    if (wire !== undefined) this.channel.receive(wire, frameWireEvent(wire));
  }

  private framesOf(replay: BackplaneReplay): Uint8Array[] {
    const frames: Uint8Array[] = [];
    for (const event of replay.events) {
      let frame = this.frames.get(event);
      if (frame === undefined) {
        frame = this.frame(event);
        this.frames.set(event, frame);
      }
      if (frame !== null) frames.push(frame);
    }
    return frames;
  }

  /** An event's frame, or null for one that cannot be framed. */
  private frame(event: BackplaneEvent): Uint8Array | null {
    const wire = this.check(event);
    return wire === undefined ? null : frameWireEvent(wire);
  }

  /** The event checked as `send` checks a message; undefined (and reported) when it would inject fields. */
  private check(event: BackplaneEvent): WireEvent | undefined {
    try {
      return toWireEvent(event, false);
    } catch (error) {
      this.channel.refuse(error);
      return undefined;
    }
  }
}
