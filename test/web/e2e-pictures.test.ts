import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { generateDemo } from '../../src/demo/generate.js';
import { analyseDemo } from '../../src/demo/run-analyses.js';
import type { Truth } from '../../src/demo/truth.js';
import { Store } from '../../src/store/store.js';
import { startServer } from '../../src/web/server.js';
import { browserMissing, launch, ready, watchedPage } from './browser.js';

/**
 * The pictures, on the small demo with its posts (seed 2017): the planted ring stands out of the
 * coordination network as its own community, the seed's cascade reaches the planted counts, and the
 * senders of altered mail are marked on the communication graph.
 */
const skip = browserMissing() ?? false;
const root = mkdtempSync(join(tmpdir(), 'leaklens-pictures-'));
let truth: Truth;
let store: Store;
let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;
let origin: string;

describe('pictures in a real browser', { skip }, () => {
  before(async () => {
    const dir = join(root, 'demo');
    truth = await generateDemo(dir, { size: 'small', seed: 2017 });
    const a = await analyseDemo(dir, truth, { silent: true, workers: 1 });
    store = Store.open(a.caseDir);
    server = await startServer({ store, host: '127.0.0.1', port: 0 });
    origin = `http://127.0.0.1:${server.port}`;
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    store?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('the network isolates the tightest community: the planted ring, every member named', async () => {
    const { page, watch } = await watchedPage(browser, origin);
    await page.goto(`${origin}/campaign`);
    await ready(page, '/campaign');
    const first = page.locator('.net-legend button.legend-item').first();
    await first.waitFor({ timeout: 60_000 });
    assert.match((await first.textContent()) ?? '', /^Tightest: community 1 · \d+ accounts/);
    assert.ok((await page.locator('svg.network circle.node.tight').count()) >= truth.social!.ring.length);
    await first.click();
    const named = (await page.locator('svg.network .labels.fixed text').allTextContents()).map((t) =>
      t.replace(/^@/, ''),
    );
    const ring = new Set(truth.social!.ring);
    const found = named.filter((n) => ring.has(n)).length;
    assert.equal(found, ring.size, 'every planted ring account is in the isolated community');
    assert.ok(named.length - found <= 2, `at most two others (${named.length - found})`);
    assert.equal(await page.locator('svg.network.isolated').count(), 1);
    await page.locator('.net-legend button.all').click();
    assert.equal(await page.locator('svg.network.isolated').count(), 0);
    assert.deepEqual(watch.errors, []);
  });

  it("the seed's repost cascade shows the planted 1- and 5-minute counts", async () => {
    const { page, watch } = await watchedPage(browser, origin);
    await page.goto(`${origin}/campaign`);
    await ready(page, '/campaign');
    const img = page.locator('img.cascade');
    await img.waitFor();
    const s = truth.social!.seed;
    assert.match(
      (await img.getAttribute('alt')) ?? '',
      new RegExp(`${s.repostsWithin1Min} within 1 minute, ${s.repostsWithin5Min} within 5 minutes`),
    );
    const svg = await (await page.request.get(`${origin}/api/campaign/cascade.svg`)).text();
    assert.match(svg, new RegExp(`${s.repostsWithin5Min} within 5 min`));
    assert.deepEqual(watch.errors, []);
  });

  it('the communication graph rings the senders of altered mail and offers GEXF', async () => {
    const { page, watch } = await watchedPage(browser, origin, 1280);
    await page.goto(`${origin}/people`);
    await ready(page, '/people');
    await page.locator('svg.mailgraph').waitFor();
    assert.ok((await page.locator('svg.mailgraph circle.node.suspect').count()) > 0);
    assert.equal(await page.locator('a[href="/api/graph.gexf"]').count(), 1);
    assert.deepEqual(watch.errors, []);
  });
});
