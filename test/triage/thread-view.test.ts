import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { runTriage } from '../../src/analyze/triage-stage.js';
import { ingestPaths } from '../../src/ingest/manager.js';
import { Store } from '../../src/store/store.js';
import { startServer } from '../../src/web/server.js';
import { browserMissing, launch, ready, watchedPage } from '../web/browser.js';
import { writeDump } from './gen-dump.js';

/**
 * The workbench's message page shows a thread whose root is not in the dump as one tree, the
 * missing root once, as "not in the dump" (the planted dump: t1 and t3 reply to the absent t0).
 */
const skip = browserMissing() ?? false;

describe('workbench thread view with a missing root', { skip }, () => {
  let dir: string;
  let store: Store;
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'leaklens-thread-view-'));
    writeDump(join(dir, 'dump'));
    store = Store.open(join(dir, 'case'));
    await ingestPaths(store, [join(dir, 'dump')], { silent: true, workers: 0 });
    await runTriage(store, { silent: true });
    server = await startServer({ store, host: '127.0.0.1', port: 0 });
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the missing root once, its replies indented under it', async () => {
    const origin = `http://127.0.0.1:${server.port}`;
    const t2 = (
      store.db.prepare("SELECT id FROM emails WHERE message_id = 't2@campagne.example'").get() as {
        id: string;
      }
    ).id;
    const { page, watch } = await watchedPage(browser, origin);
    await page.goto(`${origin}/item/${t2}`);
    await ready(page, `/item/${t2}`);
    const items = page.locator('.thread-tree li');
    assert.equal(await items.count(), 4, 'missing root + three messages');
    assert.equal((await items.nth(0).textContent())?.trim(), '[<t0@campagne.example> not in the dump]');
    assert.equal(await page.locator('.thread-tree li', { hasText: 'not in the dump' }).count(), 1);
    const pad = async (i: number) => items.nth(i).evaluate((el) => getComputedStyle(el).paddingLeft);
    assert.notEqual(await pad(1), await pad(0), 'a reply sits under the missing root');
    assert.equal(await page.locator('.thread-tree li strong').count(), 1, 'the open message is marked');
    assert.deepEqual(watch.foreign, []);
    assert.deepEqual(watch.errors, []);
  });
});
