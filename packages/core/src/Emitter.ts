/** Event names mapped to the arguments their listeners receive. */
export type EventArgs<T> = { [K in keyof T]: unknown[] };

/** A listener of event `K`; it is called with the emitter as `this`, as Node's `EventEmitter` does. */
export type Listener<T extends EventArgs<T>, K extends keyof T> = (...args: T[K]) => void;

type AnyListener = (...args: unknown[]) => void;

/** A listener added with `once`: the wrapper that removes itself, and what it wraps (so `off` finds it). */
interface OnceWrapper extends AnyListener {
  listener: AnyListener;
}

/**
 * A small typed event emitter with the surface of Node's `EventEmitter` that channels need (`on`,
 * `once`, `off` and their aliases, `emit`, `listenerCount`), written on the language alone so it runs
 * on any runtime. Unlike Node's, a listener that throws neither stops the other listeners nor
 * reaches the code that emitted: its error goes to the `error` listeners, or, when there are none
 * (or one of them threw), to `reportListenerError`.
 */
export class Emitter<T extends EventArgs<T>> {
  // Each list is replaced, never changed in place, so an emit walks a stable list while listeners add or remove others.
  private readonly lists = new Map<keyof T, readonly AnyListener[]>();

  /** Adds a listener. */
  on<K extends keyof T>(event: K, listener: Listener<T, K>): this {
    this.lists.set(event, [...(this.lists.get(event) ?? []), listener as unknown as AnyListener]);
    return this;
  }

  /** Alias of `on`. */
  addListener<K extends keyof T>(event: K, listener: Listener<T, K>): this {
    return this.on(event, listener);
  }

  /** Adds a listener that is removed before its first call. */
  once<K extends keyof T>(event: K, listener: Listener<T, K>): this {
    const wrapper = function (this: Emitter<T>, ...args: T[K]): void {
      this.off(event, wrapper as unknown as Listener<T, K>);
      listener.apply(this, args);
    } as unknown as OnceWrapper;
    wrapper.listener = listener as unknown as AnyListener;
    return this.on(event, wrapper as unknown as Listener<T, K>);
  }

  /** Removes a listener (the most recently added, when it was added more than once). */
  off<K extends keyof T>(event: K, listener: Listener<T, K>): this {
    const list = this.lists.get(event);
    if (!list) return this;
    let index = list.length - 1;
    while (index >= 0 && list[index] !== (listener as unknown) && (list[index] as OnceWrapper).listener !== (listener as unknown)) index--;
    if (index < 0) return this;
    const rest = list.filter((_entry, i) => i !== index);
    if (rest.length === 0) this.lists.delete(event);
    else this.lists.set(event, rest);
    return this;
  }

  /** Alias of `off`. */
  removeListener<K extends keyof T>(event: K, listener: Listener<T, K>): this {
    return this.off(event, listener);
  }

  /** Removes every listener of `event`, or of every event. */
  removeAllListeners(event?: keyof T): this {
    if (event === undefined) this.lists.clear();
    else this.lists.delete(event);
    return this;
  }

  /** How many listeners `event` has. */
  listenerCount(event: keyof T): number {
    return this.lists.get(event)?.length ?? 0;
  }

  /** The listeners of `event`, in the order they are called. */
  listeners<K extends keyof T>(event: K): Array<Listener<T, K>> {
    return (this.lists.get(event) ?? []).map((entry) => ((entry as OnceWrapper).listener ?? entry) as unknown as Listener<T, K>);
  }

  /** The events that have listeners. */
  eventNames(): Array<keyof T> {
    return [...this.lists.keys()];
  }

  /** Calls every listener of `event` in order; returns whether it had any. Never throws for a listener's error. */
  emit<K extends keyof T>(event: K, ...args: T[K]): boolean {
    const list = this.lists.get(event);
    if (!list) return false;
    for (const listener of list) {
      try {
        listener.apply(this, args);
      } catch (error) {
        this.listenerFailed(event, error);
      }
    }
    return true;
  }

  /**
   * Reports what a listener threw when no `error` listener took it. By default it is printed with
   * `console.error`; a runtime adapter overrides this with its platform's way (Node: a process warning).
   */
  protected reportListenerError(error: unknown): void {
    console.error(error);
  }

  /** Hands an error to the `error` listeners, or to `reportListenerError` when there are none. */
  protected report(error: unknown): void {
    if (this.listenerCount('error' as keyof T) > 0) this.emit('error' as keyof T, ...([error] as T[keyof T]));
    else this.reportListenerError(error);
  }

  private listenerFailed(event: keyof T, error: unknown): void {
    if (event === 'error') this.reportListenerError(error);
    else this.report(error);
  }
}
