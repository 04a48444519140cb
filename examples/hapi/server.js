import { createServer } from './app.js';

const server = await createServer({ host: '127.0.0.1', port: Number(process.env.PORT ?? 3000) });
await server.start();
console.log(`hapi example: open ${server.info.uri}/`);
