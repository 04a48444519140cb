/**
 * The one timer of a channel, running while it has clients: keep-alive pings every `pingInterval`,
 * and, when `resolution` asks for more frequent beats (connection lifetimes), housekeeping on
 * every beat. It never keeps the process alive on its own.
 */
export class Heartbeat {
  private readonly period: number;
  /** Pings on every n-th beat; 0 never pings. */
  private readonly pingEvery: number;
  private beats = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  /**
   * @param pingInterval milliseconds between pings; 0 sends none.
   * @param resolution the longest gap between beats that housekeeping allows; 0 when it has none to do.
   */
  constructor(
    pingInterval: number,
    resolution: number,
    private readonly onPing: () => void,
    private readonly onBeat: () => void,
  ) {
    if (resolution === 0 || (pingInterval > 0 && pingInterval <= resolution)) {
      this.period = pingInterval;
      this.pingEvery = 1;
    } else if (pingInterval === 0) {
      this.period = resolution;
      this.pingEvery = 0;
    } else {
      this.pingEvery = Math.ceil(pingInterval / resolution);
      this.period = Math.round(pingInterval / this.pingEvery);
    }
  }

  /** Starts beating, unless already running or there is nothing to do. */
  start(): void {
    if (this.timer !== undefined || this.period === 0) return;
    this.timer = setInterval(() => this.beat(), this.period);
    (this.timer as { unref?: () => void }).unref?.();
  }

  /** Stops beating. */
  stop(): void {
    if (this.timer === undefined) return;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private beat(): void {
    if (this.pingEvery > 0 && ++this.beats % this.pingEvery === 0) this.onPing();
    this.onBeat();
  }
}
