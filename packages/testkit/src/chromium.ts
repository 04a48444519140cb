import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';

/** Debian's Chromium: browser downloads do not work on the project's machines. */
const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Installs Debian's chromium when it is missing (browser downloads do not work on these machines). */
export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0) throw new Error(`${CHROMIUM} is missing: run "apt-get install -y chromium" as root`);
  const apt = (...args: string[]) =>
    execFileSync('apt-get', ['-o', 'DPkg::Lock::Timeout=600', ...args], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  apt('update', '-qq');
  apt('install', '-y', '-qq', 'chromium');
}

/** Starts headless Chromium; Playwright gives it a fresh user-data dir and deletes it when the browser closes. */
export async function launchChromium(): Promise<Browser> {
  ensureChromium();
  // Loaded here, not with the testkit: playwright-core takes a second to load, and most suites never start a browser.
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

let launched: Promise<Browser> | undefined;
let opened: Promise<Page> | undefined;

/**
 * The test file's one page in its one headless Chromium, both made on first use: a launch costs
 * seconds and every new page a renderer process, so a file's browser tests share them. Vitest loads
 * modules per test file, so each file gets its own; `closeChromium()` (after the file's tests) ends it.
 */
export function sharedPage(): Promise<Page> {
  launched ??= launchChromium();
  opened ??= launched.then((browser) => browser.newPage());
  return opened;
}

/** Closes the shared browser, if one was launched. */
export async function closeChromium(): Promise<void> {
  const browser = launched;
  launched = undefined;
  opened = undefined;
  await (await browser?.catch(() => undefined))?.close();
}
