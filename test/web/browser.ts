import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../../src/report/pdf.js';

/** Why the browser tests cannot run here, or null when Chromium is installed. */
export function browserMissing(): string | null {
  return findChromium()
    ? null
    : "no Chromium at /usr/bin/chromium (CI installs Debian's chromium with apt-get)";
}

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium() ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Everything a page did that the workbench must never allow. */
export interface Watch {
  /** Requests to any origin but the workbench's own (aborted, then asserted empty). */
  foreign: string[];
  dialogs: string[];
  errors: string[];
}

/**
 * Opens a page whose every request leaving `origin` is recorded and aborted — on the page and in
 * every frame, including the sandboxed message bodies.
 */
export async function watchedPage(
  browser: Browser,
  origin: string,
  width = 1440,
): Promise<{ page: Page; watch: Watch }> {
  const ctx = await browser.newContext({ viewport: { width, height: 900 } });
  const watch: Watch = { foreign: [], dialogs: [], errors: [] };
  await ctx.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`)) return route.continue();
    watch.foreign.push(url);
    return route.abort();
  });
  const page = await ctx.newPage();
  page.on('dialog', (d) => {
    watch.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (e) => watch.errors.push(e.message));
  // Requests the route handler might not see (e.g. service workers) are still logged here.
  ctx.on('request', (r) => {
    if (!r.url().startsWith(`${origin}/`) && !watch.foreign.includes(r.url())) watch.foreign.push(r.url());
  });
  return { page, watch };
}

/** Waits until the single-page app has rendered the current route. */
export async function ready(page: Page, path: string): Promise<void> {
  await page.waitForFunction((p) => document.body.dataset.ready === p, path.split('?')[0], {
    timeout: 20_000,
  });
}

export const hasChromium = () => existsSync('/usr/bin/chromium');
