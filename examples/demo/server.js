import { createDemo, defaultStateFile } from './app.js';

// PORT (default 3000), DEMO_STATE_FILE (where events are kept between runs), DEMO_TICK_MS (default 1000).
const port = Number(process.env.PORT ?? 3000);
const stateFile = defaultStateFile();
const { server } = createDemo({ tickMs: Number(process.env.DEMO_TICK_MS ?? 1000), stateFile });
server.listen(port, '127.0.0.1', () => {
  console.log(`sse-channel demo: open http://127.0.0.1:${server.address().port}/ (Ctrl+C to stop)`);
  console.log(`events are kept in ${stateFile}; stop and restart the demo, the page catches up`);
});
