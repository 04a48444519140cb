/** An event as a backplane moves it (core's `BackplaneEvent`). */
interface WireEvent {
  id?: string;
  event?: string;
  retry?: number;
  data: string;
  topic?: string;
}

/** What a backplane calls on its channel (core's `BackplaneReceiver`). */
interface Receiver {
  deliver(event: WireEvent): void;
}

/** One named stream shared by the backplanes of one `MemoryEngine`: the kept events and the last id. */
class Stream {
  readonly kept: WireEvent[] = [];
  readonly members = new Set<MemoryBackplane>();
  last = 0;
}

/**
 * An engine in this process: the backplanes it makes for one channel name share one stream, as the
 * processes sharing a Redis server do. Deliveries and answers come one macrotask later, as over a network.
 */
export class MemoryEngine {
  private readonly streams = new Map<string, Stream>();

  /** A backplane for the channel `name`. */
  backplane(name: string): MemoryBackplane {
    let stream = this.streams.get(name);
    if (!stream) this.streams.set(name, (stream = new Stream()));
    return new MemoryBackplane(stream);
  }
}

/**
 * The reference backplane: the least an engine must do to pass the conformance suite, with no engine
 * at all. Kept events are numbered 1, 2, 3… in one order for every member; each member delivers in
 * that order; a replay reads the kept events up to the newest this member delivered, cut there.
 */
export class MemoryBackplane {
  private receiver: Receiver | undefined;
  private historySize = 0;
  /** The id of the newest kept event this member delivered. */
  private position = 0;
  private closed = false;
  private waiters: Array<() => void> = [];

  constructor(private readonly stream: Stream) {}

  open(receiver: Receiver, historySize: number): void {
    this.receiver = receiver;
    this.historySize = historySize;
    this.position = this.stream.last;
    this.stream.members.add(this);
  }

  async ready(): Promise<void> {}

  async publish(event: WireEvent, keep: boolean): Promise<string | undefined> {
    if (this.closed) throw new Error('the backplane is closed: the event was not sent');
    const { stream } = this;
    const ordered: WireEvent = { data: event.data };
    if (event.event !== undefined) ordered.event = event.event;
    if (event.retry !== undefined) ordered.retry = event.retry;
    if (event.topic !== undefined) ordered.topic = event.topic;
    if (keep) {
      ordered.id = String(++stream.last);
      stream.kept.push(ordered);
      if (stream.kept.length > this.historySize) stream.kept.splice(0, stream.kept.length - this.historySize);
    }
    for (const member of stream.members) setImmediate(() => member.deliver(ordered));
    // Stored once a round trip is over, as with an engine across a network.
    await new Promise((resolve) => setImmediate(resolve));
    return ordered.id;
  }

  async replay(lastEventId: string, cut: () => void): Promise<{ events: WireEvent[]; reset: boolean }> {
    await new Promise((resolve) => setImmediate(resolve));
    const since = /^\d+$/.test(lastEventId) ? Number(lastEventId) : undefined;
    // A client coming from a member that is ahead of this one: its events must arrive here first.
    const target = Math.min(since ?? 0, this.stream.last);
    while (!this.closed && this.position < target) await new Promise<void>((wake) => this.waiters.push(wake));
    const upTo = this.position;
    cut();
    const kept = this.stream.kept.filter((event) => Number(event.id) <= upTo);
    // `0`, and what is not an id it gives, ask for everything kept; a later id that is gone with events after it is a reset.
    if (since === undefined || since === 0) return { events: kept, reset: false };
    const first = kept.length > 0 ? Number(kept[0]!.id) : upTo + 1;
    return { events: kept.filter((event) => Number(event.id) > since), reset: since < first - 1 };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stream.members.delete(this);
    for (const wake of this.waiters.splice(0)) wake();
  }

  private deliver(event: WireEvent): void {
    if (this.closed) return;
    if (event.id !== undefined) {
      this.position = Number(event.id);
      for (const wake of this.waiters.splice(0)) wake();
    }
    this.receiver?.deliver(event);
  }
}
