import { createDemo } from './app.js';

const port = Number(process.env.PORT ?? 3000);
const { server } = createDemo();
server.listen(port, '127.0.0.1', () => {
  console.log(`sse-channel demo: open http://127.0.0.1:${port}/ (Ctrl+C to stop)`);
});
