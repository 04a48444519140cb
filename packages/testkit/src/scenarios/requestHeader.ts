/**
 * A header of the request an adapter hands to the channel's per-connection options: node:http's
 * `IncomingMessage` (a headers object) or the Fetch adapter's `Request` (a `Headers`).
 */
export function requestHeader(request: unknown, name: string): string | undefined {
  const { headers } = request as { headers: Headers | Record<string, string | string[] | undefined> };
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
