import { expect } from 'vitest';
import { EventStream } from './EventStream.js';

/**
 * What every framework example app does, checked over HTTP at its base `url`: its page at `/` opens
 * the stream at `/events`, and `text` POSTed to `/publish` reaches an open stream as the event with
 * id 1, whose JSON data holds the text.
 */
export async function expectExampleAppToPublish(url: string, text: string): Promise<void> {
  expect(await fetch(url).then((response) => response.text())).toContain("new EventSource('/events')");
  const stream = new EventStream(`${url}/events`);
  try {
    await stream.opened();
    await fetch(`${url}/publish`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: text });
    const [event] = await stream.received(1);
    expect(event?.lastEventId).toBe('1');
    expect(JSON.parse(event?.data ?? 'null')).toMatchObject({ text });
  } finally {
    stream.close();
  }
}
