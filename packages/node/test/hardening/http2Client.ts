import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientHttp2Session, IncomingHttpHeaders, IncomingHttpStatusHeader } from 'node:http2';
import { waitFor } from '@sse-channel/testkit';

/** One request stream on an HTTP/2 session, recording the response head and body. */
export class Http2Stream {
  headers: (IncomingHttpHeaders & IncomingHttpStatusHeader) | undefined;
  body = '';
  ended = false;
  private readonly stream;

  constructor(session: ClientHttp2Session, path: string, headers: Record<string, string> = {}) {
    this.stream = session.request({ ':path': path, ...headers });
    this.stream.setEncoding('utf8');
    this.stream.on('response', (head) => (this.headers = head));
    this.stream.on('data', (chunk: string) => (this.body += chunk));
    this.stream.on('close', () => (this.ended = true));
    this.stream.on('error', () => undefined);
  }

  async waitFor(text: string): Promise<string> {
    await waitFor(() => this.body.includes(text), 5000, `${JSON.stringify(text)} in ${JSON.stringify(this.body.slice(-200))}`);
    return this.body;
  }

  async waitForEnd(): Promise<void> {
    await waitFor(() => this.ended, 5000, 'the stream to end');
  }

  /** Cancels the stream (RST_STREAM), leaving the session open. */
  close(): void {
    this.stream.close();
  }
}

/** A self-signed certificate for 127.0.0.1, made by the openssl CLI for this run; undefined without openssl. */
export function selfSignedCertificate(): { key: string; cert: string } | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'sse-h2-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    ], { stdio: 'ignore' });
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
