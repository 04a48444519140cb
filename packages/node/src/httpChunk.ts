const CRLF = Buffer.from('\r\n');

let lastChunk: Uint8Array | undefined;
let lastChunked = false;
let lastFramed: Buffer = CRLF;

/**
 * The bytes a response puts on the wire for `chunk`: an HTTP/1.1 chunk (size line, bytes, CRLF), or
 * the bytes as they are when the response is not chunked. A tick's chunk is shared by every client
 * that follows the broadcast, so the last result is kept and the framing happens once per tick,
 * not once per client.
 */
export function httpChunk(chunk: Uint8Array, chunked: boolean): Buffer {
  if (chunk === lastChunk && chunked === lastChunked) return lastFramed;
  lastChunk = chunk;
  lastChunked = chunked;
  lastFramed = chunked ? frame(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return lastFramed;
}

function frame(chunk: Uint8Array): Buffer {
  const size = `${chunk.byteLength.toString(16)}\r\n`;
  const framed = Buffer.allocUnsafe(size.length + chunk.byteLength + 2);
  framed.write(size, 0, 'latin1');
  framed.set(chunk, size.length);
  CRLF.copy(framed, size.length + chunk.byteLength);
  return framed;
}
