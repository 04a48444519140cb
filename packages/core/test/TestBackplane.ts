import type { Backplane, BackplaneEvent, BackplaneReceiver, BackplaneReplay } from '../src/index.js';

/**
 * A backplane kept in this process: it numbers kept events and delivers at once; replays wait for
 * the test to cut and answer them.
 */
export class TestBackplane implements Backplane {
  receiver: BackplaneReceiver | undefined;
  readonly kept: BackplaneEvent[] = [];
  readonly replays: Array<{ lastEventId: string; cut: () => void; answer: (replay: BackplaneReplay) => void; fail: () => void }> = [];
  private last = 0;

  open(receiver: BackplaneReceiver): void {
    this.receiver = receiver;
  }

  async publish(event: BackplaneEvent, keep: boolean): Promise<string | undefined> {
    const ordered: BackplaneEvent = { ...event, id: keep ? `${++this.last}-0` : undefined };
    if (ordered.id === undefined) delete ordered.id;
    if (keep) this.kept.push(ordered);
    this.receiver?.deliver(ordered);
    return ordered.id;
  }

  replay(lastEventId: string, cut: () => void): Promise<BackplaneReplay> {
    return new Promise((answer, fail) => this.replays.push({ lastEventId, cut, answer, fail }));
  }
}
