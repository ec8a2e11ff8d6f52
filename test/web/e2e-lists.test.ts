import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startServer } from '../../src/web/server.js';
import { browserMissing, launch, ready, watchedPage } from './browser.js';
import { demoCase, OUTSIDER } from './demo-case.js';

/** The lists a journalist scans first, on the demo, in a real browser: suspects show without a click. */
const skip = browserMissing() ?? false;
let kase: Awaited<ReturnType<typeof demoCase>>;
let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;
let origin: string;

describe('badges and outliers in a real browser', { skip }, () => {
  before(async () => {
    kase = await demoCase();
    server = await startServer({ store: kase.store, host: '127.0.0.1', port: 0 });
    origin = `http://127.0.0.1:${server.port}`;
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    kase?.cleanup();
  });

  it('search results show verdict badges and flag chips', async () => {
    const { page, watch } = await watchedPage(browser, origin);
    await page.goto(`${origin}/search?q=virement`);
    await ready(page, '/search');
    const altered = page.locator('.hit .verdict.v-body-altered');
    assert.ok((await altered.count()) > 0, 'a body-altered hit is badged');
    assert.match((await altered.first().getAttribute('title')) ?? '', /body was changed/);
    assert.ok((await page.locator('.hit .flag-chip').count()) > 0, 'flag chips are shown');
    assert.deepEqual(watch.errors, []);
  });

  it('the people page marks the outsider first, with the reasons', async () => {
    const { page, watch } = await watchedPage(browser, origin);
    await page.goto(`${origin}/people`);
    await ready(page, '/people');
    const first = page.locator('ul.outliers li').first();
    assert.match((await first.textContent()) ?? '', new RegExp(OUTSIDER));
    assert.match((await first.textContent()) ?? '', /Cyrillic script/);
    assert.ok((await first.locator('.flag-chip[data-flag="foreign-script"]').count()) === 1);
    await first.locator('a').first().click();
    await page.waitForURL(/\/people\//);
    await ready(page, new URL(page.url()).pathname);
    assert.match((await page.locator('.outlier-why').textContent()) ?? '', /UTC\+3/);
    assert.ok(
      (await page.locator('table.grid .verdict').count()) > 0,
      'carrying e-mails show their verdicts',
    );
    assert.deepEqual(watch.errors, []);
  });

  it('a thread is a tree: replies under what they answer, this message among them, with badges', async () => {
    const { page, watch } = await watchedPage(browser, origin);
    const row = kase.store.db
      .prepare(
        'SELECT t.item_id AS id, t.depth FROM threads t WHERE t.depth = 1 AND t.thread_id IN (SELECT thread_id FROM threads WHERE depth = 2) LIMIT 1',
      )
      .get() as { id: string; depth: number };
    await page.goto(`${origin}/item/${row.id}`);
    await ready(page, `/item/${row.id}`);
    const self = page.locator('ul.thread-tree li.self');
    assert.equal(await self.count(), 1);
    assert.equal(
      await self.getAttribute('data-depth'),
      '1',
      'a reply to the first message sits one level in',
    );
    assert.ok(
      (await page.locator('ul.thread-tree li[data-depth="2"]').count()) > 0,
      'its replies one level further',
    );
    assert.ok((await page.locator('ul.thread-tree .verdict').count()) > 0);
    assert.deepEqual(watch.errors, []);
  });

  for (const width of [1440, 1280]) {
    it(`the documents table fits ${width} px without scrolling sideways`, async () => {
      const { page, watch } = await watchedPage(browser, origin, width);
      await page.goto(`${origin}/documents`);
      await ready(page, '/documents');
      const [table, box] = await page
        .locator('table.docs')
        .evaluate((t) => [t.scrollWidth, (t.parentElement as HTMLElement).clientWidth]);
      assert.ok(table! <= box!, `table ${table} px in a ${box} px box`);
      assert.ok((await page.locator('table.docs tr.outlier .flag-chip').count()) > 0);
      assert.deepEqual(watch.errors, []);
    });
  }
});
