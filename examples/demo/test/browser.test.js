import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureChromium, launchChromium } from '@sse-channel/testkit';
import { SYMBOLS } from '../app.js';
import { killDemoProcess, startDemoProcess } from './demoProcess.js';

const TICK_MS = 200;
const WAIT = { timeout: 20_000 };

// One page lives through the whole story, so the steps run in order and share it.
describe('the demo page in headless Chromium, across a restart of the server process', { timeout: 60_000 }, () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'sse-demo-'));
  const env = { PORT: '0', DEMO_TICK_MS: String(TICK_MS), DEMO_STATE_FILE: join(stateDir, 'events.json') };
  let demo;
  let browser;
  let page;
  let stoppedAt;
  let restartedAt;

  /** Every event with an id the page shows, whatever its topic panel. */
  const shownEvents = () =>
    page.$$eval('li[data-id]', (items) =>
      items.map((item) => ({ id: Number(item.dataset.id), at: item.dataset.at, topic: item.closest('[data-topic]').dataset.topic, late: item.classList.contains('late') })),
    );
  const newestShownIdIsLastId = () =>
    page.waitForFunction(
      () => document.querySelector('#last-id').textContent === String(Math.max(...[...document.querySelectorAll('li[data-id]')].map((item) => Number(item.dataset.id)))),
      undefined,
      WAIT,
    );
  /** The page's requests for the event stream, each with the topics it asked for. */
  const streamRequests = [];

  beforeAll(async () => {
    ensureChromium();
    demo = await startDemoProcess(env);
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/events') streamRequests.push(url.searchParams.getAll('topic'));
    });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    if (demo) await killDemoProcess(demo.child);
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('shows every ticker topic, the connection count and the last event id, over one connection', async () => {
    await page.goto(`${demo.url}/`);
    for (const symbol of SYMBOLS) await page.locator(`[data-topic="ticker/${symbol}"] li`).first().waitFor(WAIT);
    await page.locator('#status', { hasText: 'live' }).waitFor(WAIT);
    await page.locator('#connections', { hasText: /^1$/ }).waitFor(WAIT);
    await newestShownIdIsLastId();
    expect(streamRequests).toEqual([['ticker/*', 'rooms/*', 'stats']]);
  });

  it('shows a message said in a room in that room only', async () => {
    await page.locator('[data-topic="rooms/random"] input').fill('hello random');
    await page.locator('[data-topic="rooms/random"] button').click();
    await page.locator('[data-topic="rooms/random"] li', { hasText: 'hello random' }).waitFor(WAIT);
    expect(await page.locator('[data-topic="rooms/lobby"] li').count()).toBe(0);
  });

  it('draws the stats as live charts, checked on a screenshot', async () => {
    await page.waitForFunction(() => [...document.querySelectorAll('#stats svg')].every((svg) => Number(svg.dataset.points) >= 3), undefined, WAIT);
    const screenshot = await page.locator('#stats').screenshot();
    // The screenshot is decoded by the browser itself: the charts' blue lines must be on it.
    const blue = await page.evaluate(async (png) => {
      const image = new Image();
      image.src = `data:image/png;base64,${png}`;
      await image.decode();
      const canvas = Object.assign(document.createElement('canvas'), { width: image.width, height: image.height });
      const context = canvas.getContext('2d');
      context.drawImage(image, 0, 0);
      const { data } = context.getImageData(0, 0, image.width, image.height);
      let count = 0;
      for (let at = 0; at < data.length; at += 4) if (data[at] < 60 && data[at + 1] > 70 && data[at + 1] < 150 && data[at + 2] > 180) count++;
      return count;
    }, screenshot.toString('base64'));
    expect(blue).toBeGreaterThan(100);
  });

  it('notices that the server process is gone', async () => {
    await killDemoProcess(demo.child);
    stoppedAt = Date.now();
    await page.locator('#status', { hasText: 'reconnecting' }).waitFor(WAIT);
  });

  it('shows the events of every topic sent while the server was down once the restarted server is back', async () => {
    // The story needs the server to stay down for several ticks; there is nothing to await instead.
    await new Promise((resolve) => setTimeout(resolve, 8 * TICK_MS));
    restartedAt = Date.now();
    demo = await startDemoProcess({ ...env, PORT: demo.port });
    const restartedAtIso = new Date(restartedAt).toISOString();
    await page.waitForFunction(
      (after) => [...document.querySelectorAll('li[data-at]')].some((item) => item.dataset.at > after && !item.classList.contains('late')),
      restartedAtIso,
      WAIT,
    );
    const missed = (await shownEvents()).filter((event) => event.at && Date.parse(event.at) > stoppedAt && Date.parse(event.at) < restartedAt);
    expect(missed.length).toBeGreaterThanOrEqual(4);
    expect(missed.every((event) => event.late)).toBe(true);
    expect(new Set(missed.map((event) => event.topic))).toEqual(new Set(SYMBOLS.map((symbol) => `ticker/${symbol}`)));
  });

  it('shows every event id once, with no gap, across every topic', async () => {
    const ids = (await shownEvents()).map((event) => event.id).sort((a, b) => a - b);
    expect(ids.length).toBeGreaterThan(10);
    expect(ids).toEqual(ids.map((_, index) => ids[0] + index));
  });

  it('reads every topic over one connection again after the restart', async () => {
    await page.locator('#status', { hasText: 'live' }).waitFor(WAIT);
    await page.locator('#connections', { hasText: /^1$/ }).waitFor(WAIT);
    await newestShownIdIsLastId();
    expect(streamRequests.length).toBeGreaterThanOrEqual(2);
  });
});
