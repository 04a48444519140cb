// A page's code, with the DOM's types and no Node types, against the built declarations (checked too:
// skipLibCheck is off, so a Node-only type in them fails here).
import { createClient, ResponseError } from '@sse-channel/client';

type Events = { price: { symbol: string; price: number } };

const controller = new AbortController();
const client = createClient<Events>('/prices', {
  json: true,
  credentials: 'include',
  signal: controller.signal,
  headers: async () => new Headers({ Authorization: 'Bearer token' }),
  onError: (error) => {
    if (error instanceof ResponseError && client.state === 'closed') document.title = `stopped: ${error.status}`;
  },
});
client.on('price', ({ symbol, price }, { lastEventId }) => {
  document.body.textContent = `${symbol} ${price.toFixed(2)} #${lastEventId}`;
});
