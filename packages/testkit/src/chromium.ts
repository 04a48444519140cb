import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium: browser downloads do not work on the project's machines. */
const EXECUTABLE = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

let launched: Promise<Browser> | undefined;
let opened: Promise<Page> | undefined;

/**
 * The test file's one page in its one headless Chromium, both made on first use: a launch costs
 * seconds and every new page a renderer process, so a file's browser tests share them. Vitest loads
 * modules per test file, so each file gets its own; `closeChromium()` (after the file's tests) ends it.
 */
export function sharedPage(): Promise<Page> {
  launched ??= chromium.launch({ executablePath: EXECUTABLE, headless: true, args: ARGS });
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
