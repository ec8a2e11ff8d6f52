import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { UserError } from '../core/errors.js';

/** Debian's Chromium (CI installs it with apt-get); no browser is ever downloaded. */
export const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/**
 * The browser to print with: $LEAKLENS_CHROMIUM when set, else the first of CHROMIUM_PATHS that
 * exists, else null. A LEAKLENS_CHROMIUM that names no executable file is the user's mistake and
 * is said so (a UserError naming it), never silently replaced by another browser.
 */
export function findChromium(): string | null {
  const env = process.env.LEAKLENS_CHROMIUM;
  if (env) {
    const why = notExecutable(env);
    if (why) throw new UserError(`LEAKLENS_CHROMIUM=${env}: ${why}`, 'environment');
    return env;
  }
  return CHROMIUM_PATHS.find((p) => existsSync(p)) ?? null;
}

/** Why `path` cannot be run as a browser, or null when it can. */
function notExecutable(path: string): string | null {
  if (!existsSync(path)) return 'no such file';
  if (!statSync(path).isFile()) return 'not a file';
  try {
    accessSync(path, constants.X_OK);
    return null;
  } catch {
    return 'not executable';
  }
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

/** Starts the browser; one that will not start (not Chromium, broken install) is named, in one line. */
async function launch(executablePath: string) {
  try {
    return await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  } catch (err) {
    const from = process.env.LEAKLENS_CHROMIUM ? ' (from LEAKLENS_CHROMIUM)' : '';
    const first = ((err as Error).message ?? '').split('\n')[0];
    throw new UserError(`cannot start Chromium at ${executablePath}${from}: ${first}`, 'environment');
  }
}

/**
 * Prints report HTML to PDF with headless Chromium. Every request the page would make is aborted
 * (the report has none; this guarantees it), so printing never touches the network.
 * @example
 * await printPdf(html, 'reports/report.pdf');
 */
export async function printPdf(html: string, outPath: string): Promise<void> {
  const executablePath = findChromium();
  if (!executablePath)
    throw new UserError(
      `no Chromium found (looked at ${CHROMIUM_PATHS.join(', ')}; set LEAKLENS_CHROMIUM)`,
      'environment',
    );
  const browser = await launch(executablePath);
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
