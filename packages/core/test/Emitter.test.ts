import { describe, expect, it, vi } from 'vitest';
import { Emitter } from '../src/index.js';

type Events = { tick: [n: number]; error: [error: unknown] };

/** An emitter whose unhandled listener errors are collected instead of printed. */
class TestEmitter extends Emitter<Events> {
  readonly reported: unknown[] = [];
  protected override reportListenerError(error: unknown): void {
    this.reported.push(error);
  }
}

describe('Emitter', () => {
  it('calls listeners in the order they were added, with the emitter as this', () => {
    const emitter = new TestEmitter();
    const calls: string[] = [];
    emitter.on('tick', function (this: unknown, n) {
      calls.push(`a${n}${this === emitter ? '' : ' (wrong this)'}`);
    });
    emitter.addListener('tick', (n) => calls.push(`b${n}`));
    expect(emitter.emit('tick', 1)).toBe(true);
    expect(calls).toEqual(['a1', 'b1']);
    expect(emitter.emit('error', 'nobody listens')).toBe(false);
  });

  it('calls a once listener once, and off removes it before its call', () => {
    const emitter = new TestEmitter();
    const once = vi.fn();
    const removed = vi.fn();
    emitter.once('tick', once).once('tick', removed).off('tick', removed);
    emitter.emit('tick', 1);
    emitter.emit('tick', 2);
    expect(once).toHaveBeenCalledExactlyOnceWith(1);
    expect(removed).not.toHaveBeenCalled();
    expect(emitter.listenerCount('tick')).toBe(0);
  });

  it('removes one registration of a listener added twice, the latest', () => {
    const emitter = new TestEmitter();
    const listener = vi.fn();
    emitter.on('tick', listener).on('tick', listener).removeListener('tick', listener);
    emitter.emit('tick', 1);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(emitter.listeners('tick')).toEqual([listener]);
  });

  it('walks the listeners it had when the emit began, whatever they add or remove', () => {
    const emitter = new TestEmitter();
    const late = vi.fn();
    const second = vi.fn();
    emitter.on('tick', () => {
      emitter.off('tick', second);
      emitter.on('tick', late);
    });
    emitter.on('tick', second);
    emitter.emit('tick', 1);
    expect(second).toHaveBeenCalledOnce();
    expect(late).not.toHaveBeenCalled();
    emitter.emit('tick', 2);
    expect(late).toHaveBeenCalledOnce();
  });

  it('keeps calling listeners after one throws, and hands the error to the error listeners', () => {
    const emitter = new TestEmitter();
    const after = vi.fn();
    const errors: unknown[] = [];
    emitter.on('tick', () => {
      throw new Error('bug');
    });
    emitter.on('tick', after);
    emitter.on('error', (error) => errors.push(error));
    expect(() => emitter.emit('tick', 1)).not.toThrow();
    expect(after).toHaveBeenCalledOnce();
    expect(errors).toEqual([new Error('bug')]);
    expect(emitter.reported).toEqual([]);
  });

  it('reports what a listener throws when no error listener takes it, and what an error listener throws', () => {
    const emitter = new TestEmitter();
    emitter.on('tick', () => {
      throw new Error('bug');
    });
    emitter.emit('tick', 1);
    emitter.on('error', () => {
      throw new Error('error listener bug');
    });
    emitter.emit('tick', 2);
    expect(emitter.reported).toEqual([new Error('bug'), new Error('error listener bug')]);
  });

  it('reports with console.error by default', () => {
    const printed = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const emitter = new Emitter<Events>();
    emitter.on('tick', () => {
      throw new Error('bug');
    });
    emitter.emit('tick', 1);
    expect(printed).toHaveBeenCalledExactlyOnceWith(new Error('bug'));
    printed.mockRestore();
  });

  it('removes every listener of an event, or of all events, and names the events that have some', () => {
    const emitter = new TestEmitter();
    emitter.on('tick', vi.fn()).on('error', vi.fn());
    expect(emitter.eventNames()).toEqual(['tick', 'error']);
    emitter.removeAllListeners('tick');
    expect(emitter.eventNames()).toEqual(['error']);
    emitter.removeAllListeners();
    expect(emitter.eventNames()).toEqual([]);
  });
});
