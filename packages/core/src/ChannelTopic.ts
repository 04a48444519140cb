import type { AnyEvents, ChannelMessage, EventMap } from './typedEvents.js';

/**
 * A named stream inside a channel (`channel.topic(name)`), read by the clients that subscribed to
 * it or to a pattern that matches it. Its events share the channel's id sequence and history, and
 * reach clients named `<topic>` (`<topic>#<event>` when they have a name of their own).
 *
 * @example
 * const channel = new SseChannel({ topics: true, autoId: true });
 * channel.topic('rooms/lobby').send({ event: 'chat', data: 'hello' }); // event: rooms/lobby#chat
 */
export interface ChannelTopic<E extends EventMap = AnyEvents> {
  /** The topic's name, such as `rooms/lobby`. */
  readonly name: string;
  /**
   * Sends a message to the topic's readers, as `channel.send` broadcasts: framed once whoever reads
   * it, kept in history when it has an id (with `autoId` always), and through the backplane when
   * the channel has one (the promise of the id it assigned).
   *
   * @throws TypeError when the event's `id` or `event` holds CR, LF or NUL; nothing is sent or kept.
   */
  send(message: ChannelMessage<E>): Promise<string | undefined> | undefined;
}
