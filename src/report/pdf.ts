import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** Debian's Chromium (CI installs it with apt-get); no browser is ever downloaded. */
export const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function findChromium(): string | null {
  const env = process.env.LEAKLENS_CHROMIUM;
  if (env && existsSync(env)) return env;
  return CHROMIUM_PATHS.find((p) => existsSync(p)) ?? null;
}

/** Flags of a headless, offline Chromium: no GPU, no background network of its own. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Prints report HTML to PDF with headless Chromium. Every request the page would make is aborted
 * (the report has none; this guarantees it), so printing never touches the network.
 * @example
 * await printPdf(html, 'reports/report.pdf');
 */
export async function printPdf(html: string, outPath: string): Promise<void> {
  const executablePath = findChromium();
  if (!executablePath)
    throw new Error(`no Chromium found (looked at ${CHROMIUM_PATHS.join(', ')}; set LEAKLENS_CHROMIUM)`);
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    await page.pdf({
      path: outPath,
      format: 'A4',
      printBackground: true,
      margin: { top: '18mm', bottom: '18mm', left: '16mm', right: '16mm' },
    });
  } finally {
    await browser.close();
  }
}
