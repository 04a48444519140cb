import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureChromium, launchChromium } from '@sse-channel/testkit';
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

  const shownEvents = () =>
    page.$$eval('#events li', (items) => items.map((item) => ({ id: Number(item.dataset.id), at: item.dataset.at })));
  const showsNewestIdAsLastId = () =>
    page.waitForFunction(
      () => document.querySelector('#last-id').textContent === document.querySelector('#events li')?.dataset.id,
      undefined,
      WAIT,
    );

  beforeAll(async () => {
    ensureChromium();
    demo = await startDemoProcess(env);
    browser = await launchChromium();
    page = await browser.newPage();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    if (demo) await killDemoProcess(demo.child);
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('shows live events, the connection count and the last event id', async () => {
    await page.goto(`${demo.url}/`);
    await page.locator('#events li').nth(2).waitFor(WAIT);
    await page.locator('#status', { hasText: 'live' }).waitFor(WAIT);
    await page.locator('#connections', { hasText: /^1$/ }).waitFor(WAIT);
    await showsNewestIdAsLastId();
  });

  it('notices that the server process is gone', async () => {
    await killDemoProcess(demo.child);
    stoppedAt = Date.now();
    await page.locator('#status', { hasText: 'reconnecting' }).waitFor(WAIT);
  });

  it('shows the events sent while the server was down once the restarted server is back', async () => {
    // The story needs the server to stay down for several ticks; there is nothing to await instead.
    await new Promise((resolve) => setTimeout(resolve, 6 * TICK_MS));
    restartedAt = Date.now();
    demo = await startDemoProcess({ ...env, PORT: demo.port });
    const restartedAtIso = new Date(restartedAt).toISOString();
    await page.waitForFunction(
      (after) => [...document.querySelectorAll('#events li')].some((item) => item.dataset.at > after),
      restartedAtIso,
      WAIT,
    );
    const missed = (await shownEvents()).filter((event) => {
      const at = Date.parse(event.at);
      return at > stoppedAt && at < restartedAt;
    });
    expect(missed.length).toBeGreaterThanOrEqual(4);
    expect(await page.locator('#events li.late').count()).toBeGreaterThanOrEqual(missed.length);
  });

  it('shows every event id once, with no gap', async () => {
    const ids = (await shownEvents()).map((event) => event.id).sort((a, b) => a - b);
    expect(ids.length).toBeGreaterThan(10);
    expect(ids).toEqual(ids.map((_, index) => ids[0] + index));
  });

  it('shows the connection count and the last event id again after the restart', async () => {
    await page.locator('#status', { hasText: 'live' }).waitFor(WAIT);
    await page.locator('#connections', { hasText: /^1$/ }).waitFor(WAIT);
    await showsNewestIdAsLastId();
  });
});
