import { waitFor } from './waitFor.js';

/**
 * A streamed response read through `fetch`, which decodes the body as a browser does (gzip,
 * deflate, br): the bytes a decompressing client really has, comments and `retry:` included, which
 * an EventSource never shows.
 */
export class FetchStream {
  /** The decoded body so far, in the pieces it arrived in. */
  private readonly pieces: string[] = [];
  /** The response, once its head arrived. */
  response: Response | undefined;
  private readonly abort = new AbortController();

  /** Requests `url` with extra `headers`, such as `{ 'Accept-Encoding': 'gzip' }`. */
  constructor(url: string, headers: Record<string, string> = {}) {
    void this.read(url, headers).catch(() => undefined);
  }

  /** The decoded body so far. */
  get body(): string {
    return this.pieces.join('');
  }

  /** The response head's `Content-Encoding`, `null` when it has none. */
  get contentEncoding(): string | null | undefined {
    return this.response?.headers.get('content-encoding');
  }

  /** Waits until the decoded body contains `text`. Each check reads only what arrived since the last: bodies can be megabytes. */
  async waitFor(text: string, timeout = 5000): Promise<void> {
    let searched = 0;
    let carried = '';
    const found = () => {
      const fresh = carried + this.pieces.slice(searched).join('');
      searched = this.pieces.length;
      carried = fresh.slice(-text.length);
      return fresh.includes(text);
    };
    await waitFor(found, timeout, `decoded body to contain ${JSON.stringify(text)}; got ${JSON.stringify(this.body.slice(-200))}`);
  }

  close(): void {
    this.abort.abort();
  }

  private async read(url: string, headers: Record<string, string>): Promise<void> {
    this.response = await fetch(url, { headers, signal: this.abort.signal });
    const reader = this.response.body?.getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const chunk = await reader?.read();
      if (!chunk || chunk.done) return;
      this.pieces.push(decoder.decode(chunk.value, { stream: true }));
    }
  }
}
