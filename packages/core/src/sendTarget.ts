/** The second argument of `send` that picks recipients by a test on each client, instead of a list of handles. */
export interface SendOptions<C> {
  /** Called with each connected client; those it returns true for receive the message. */
  filter: (client: C) => boolean;
}

/** Who `send` delivers to: a list of handles (as in the original `sse-channel`), or a filter. */
export type SendTarget<H, C> = Iterable<H> | SendOptions<C>;

/**
 * The handles a targeted `send` goes to. A list is taken as it is; a filter is asked about every
 * connected client, in connection order.
 */
export function targetHandles<H, C extends { readonly handle: H }>(target: SendTarget<H, C>, clients: { values(): Iterable<C> }): H[] {
  if (Symbol.iterator in target) return Array.from(target);
  const { filter } = target;
  if (typeof filter !== 'function') throw new TypeError('send options must have a filter function');
  const handles: H[] = [];
  for (const client of clients.values()) if (filter(client)) handles.push(client.handle);
  return handles;
}
