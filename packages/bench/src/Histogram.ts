const BIN_MICROS = 10;
const BINS = 500_000;

/** Latencies in 10 µs bins up to 5 s (longer ones land in the last bin); reports percentiles in ms. */
export class Histogram {
  private readonly bins = new Uint32Array(BINS);
  count = 0;
  maxMicros = 0;

  record(micros: number): void {
    const bin = Math.min(BINS - 1, Math.max(0, Math.floor(micros / BIN_MICROS)));
    this.bins[bin] = (this.bins[bin] ?? 0) + 1;
    this.count++;
    if (micros > this.maxMicros) this.maxMicros = micros;
  }

  /** The latency (ms) under which `fraction` of the samples fall. */
  percentileMs(fraction: number): number {
    const wanted = Math.ceil(this.count * fraction);
    let seen = 0;
    for (let bin = 0; bin < BINS; bin++) {
      seen += this.bins[bin] ?? 0;
      if (seen >= wanted) return ((bin + 1) * BIN_MICROS) / 1000;
    }
    return this.maxMicros / 1000;
  }
}
