import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../../src/report/pdf.js';

const PAGES = [
  '/',
  '/search?q=virement',
  '/search?q=from:%40avancer.example&sort=date',
  '/documents',
  '/people',
  '/failures',
  '/tags',
  '/campaign',
];

/**
 * Milliseconds from navigation start to the page having rendered its data (the SPA sets
 * body[data-ready]); the first visit of each page after a warm-up visit, as a user would see it.
 */
export async function pageTimes(base: string): Promise<Record<string, number>> {
  const exe = findChromium();
  if (!exe) return {};
  const browser = await chromium.launch({ executablePath: exe, args: CHROMIUM_ARGS });
  const out: Record<string, number> = {};
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    for (const p of PAGES) {
      // Warm: server caches (campaign analysis, chart SVGs) and the browser's module cache.
      await page.goto(base + p, { waitUntil: 'networkidle', timeout: 300_000 });
      await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 300_000 });
      const t0 = Date.now();
      await page.goto(base + p);
      await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 60_000 });
      out[p] = Date.now() - t0;
    }
    const id = await page.evaluate(
      async () =>
        (await (await fetch('/api/search?q=virement&limit=1')).json()).hits?.[0]?.id as string | undefined,
    );
    if (id) {
      const t0 = Date.now();
      await page.goto(`${base}/item/${id}`);
      await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 60_000 });
      out['/item/:id'] = Date.now() - t0;
    }
  } finally {
    await browser.close();
  }
  return out;
}
