import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { evaluate } from '../../src/demo/eval.js';
import { evalTrail } from '../../src/demo/eval-trail.js';
import { generateDemo } from '../../src/demo/generate.js';
import { analyseDemo } from '../../src/demo/run-analyses.js';
import { THREAD_NO } from '../../src/demo/trail.js';
import type { Truth } from '../../src/demo/truth.js';
import { buildReport } from '../../src/report/report.js';
import { Store } from '../../src/store/store.js';
import { trailWithLinks } from '../../src/trail/with-links.js';
import { createApp, startServer } from '../../src/web/server.js';
import { browserMissing, launch, ready, watchedPage } from '../web/browser.js';

/**
 * The trail planted by the small demo (seed 2017, src/demo/trail.ts) against what leaklens finds:
 * `leaklens eval`'s trail rows at 100 %, and failing when the truth is wrong; the workbench's API
 * route, item page and campaign lanes (in Chromium, at 1280 and 1440 px); the report's chapter.
 */
const root = mkdtempSync(join(tmpdir(), 'll-trail-show-'));
let truth: Truth;
let caseDir: string;
let store: Store;

before(async () => {
  const dir = join(root, 'demo');
  truth = await generateDemo(dir, { size: 'small', seed: 2017 });
  const a = await analyseDemo(dir, truth, { silent: true, workers: 1 });
  caseDir = a.caseDir;
  store = Store.open(caseDir);
});
after(() => {
  store?.close();
  rmSync(root, { recursive: true, force: true });
});

const trailTruth = () => {
  assert.ok(truth.trail, 'the demo writes a trail section in truth.json');
  return truth.trail;
};
/** The case's item id of a planted document or e-mail. */
const itemOf = (key: { sha256?: string; messageId?: string }): string => {
  const r = key.sha256
    ? (store.db.prepare("SELECT id FROM items WHERE sha256 = ? AND kind = 'Document'").get(key.sha256) as
        | { id: string }
        | undefined)
    : (store.db
        .prepare('SELECT id FROM emails WHERE message_id = ?')
        .get(key.messageId?.replace(/^<|>$/g, '')) as { id: string } | undefined);
  assert.ok(r, `item ${key.sha256 ?? key.messageId} is in the case`);
  return r.id;
};

describe('the demo plants the trail', () => {
  it('4chan posts carry the base64 MD5 of the dump file they show, as 4chan gives it', () => {
    const thread = JSON.parse(
      readFileSync(join(root, 'demo', 'social', `4chan-pol-${THREAD_NO}.json`), 'utf8'),
    );
    const withFile = thread.posts.filter((p: { md5?: string }) => p.md5);
    const docs = trailTruth().items.filter((i) => i.kind === 'document' && i.posts[0]?.platform === '4chan');
    assert.equal(docs.length, 3);
    for (const d of docs) {
      const post = withFile.find((p: { no: number }) => `4chan:${p.no}` === d.posts[0]?.postId);
      assert.ok(post, `the post showing ${d.title}`);
      const bytes = store.blobs.get(d.sha256 as string);
      assert.equal(post.md5, createHash('md5').update(bytes).digest('base64'));
      assert.equal(post.md5.length, 24);
      assert.equal(`${post.filename}${post.ext}`, d.title);
      assert.equal(post.fsize, bytes.length);
    }
  });

  it('each quoted passage is in exactly one item of the case; the boilerplate in many', () => {
    const norm = (x: string) => ` ${(x.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join(' ')} `;
    const texts = (
      store.db.prepare('SELECT message_id, text FROM emails').all() as { message_id: string; text: string }[]
    ).map((e) => ({ id: e.message_id, text: norm(e.text) }));
    for (const i of trailTruth().items.filter((x) => x.quote)) {
      const q = norm(i.quote as string);
      assert.ok(q.split(' ').filter(Boolean).length >= 13, 'a run of at least 12 words');
      assert.deepEqual(
        texts.filter((e) => e.text.includes(q)).map((e) => `<${e.id}>`),
        [i.messageId],
      );
    }
    const b = trailTruth().boilerplate;
    assert.ok(b.items >= 5 && b.posts.length === 6);
    assert.equal(texts.filter((e) => e.text.includes(norm(b.text))).length, b.items);
  });
});

describe('leaklens trail on the demo equals the truth', () => {
  it('every trail row of leaklens eval is at 100 %, platforms in the planted order', async () => {
    const r = await evaluate(truth, caseDir);
    assert.ok(r.trail, 'eval scores the trail');
    for (const k of r.trail.kinds)
      assert.deepEqual(
        [k.kind, k.precision, k.recall, k.planted],
        [k.kind, 1, 1, k.planted],
        JSON.stringify(r.trail),
      );
    assert.deepEqual(r.trail.order.found, ['4chan', 'x', 'telegram']);
    assert.deepEqual([r.trail.missed, r.trail.extra], [[], []]);
  });

  it('the eval rows fail when the truth is wrong', async () => {
    const t = trailTruth();
    const wrong = structuredClone(t);
    [wrong.firstSeen[0], wrong.firstSeen[1]] = [wrong.firstSeen[1] as never, wrong.firstSeen[0] as never];
    wrong.handoffs = wrong.handoffs.map((h) => ({
      ...h,
      fromPlatform: h.toPlatform,
      toPlatform: h.fromPlatform,
    }));
    (wrong.items[0] as (typeof wrong.items)[0]).posts = [
      { postId: '4chan:1', platform: '4chan', via: 'file' },
    ];
    const r = await evalTrail(store, caseDir, wrong);
    const by = (k: string) => r.kinds.find((x) => x.kind === k);
    assert.equal(r.order.match, false);
    assert.equal(by('first-seen order')?.recall, 0.3333, 'only telegram keeps its rank');
    assert.equal(by('hand-off')?.recall, 0);
    assert.ok((by('item link (file or quote)')?.precision ?? 1) < 1);
    assert.ok((by('item link (file or quote)')?.recall ?? 1) < 1);
  });
});

const H = { host: '127.0.0.1:8765' };
/** A JSON route of the workbench on the demo case. */
const get = async (path: string) => {
  const { app } = createApp({ store, allowedHosts: [H.host] });
  const res = await app.request(path, { headers: H });
  assert.equal(res.status, 200, path);
  return (await res.json()) as Record<string, unknown>;
};

describe('the workbench shows the trail', () => {
  it('/api/trail gives the summary, first seen, hand-offs and one lane per platform', async () => {
    const t = (await get('/api/trail')) as {
      available: boolean;
      summary: string[];
      lanes: { platform: string; marks: { postId: string; roles: string[] }[] }[];
    };
    assert.equal(t.available, true);
    assert.match(t.summary[0] ?? '', /4chan/);
    assert.deepEqual(
      t.lanes.map((l) => l.platform),
      ['4chan', 'x', 'telegram'],
    );
    const marks = t.lanes.flatMap((l) => l.marks.map((m) => m.postId));
    for (const f of trailTruth().firstSeen) assert.ok(marks.includes(f.postId), f.postId);
    for (const p of trailTruth().boilerplate.posts)
      assert.ok(!marks.includes(p), `boilerplate ${p} is no mark`);
  });

  it("/api/items/:id/trail lists the posts that showed or quoted the item, with evidence and the post's text", async () => {
    const quoted = trailTruth().items.find((i) => i.kind === 'email' && i.posts.length === 2);
    assert.ok(quoted);
    const r = (await get(`/api/items/${encodeURIComponent(itemOf(quoted))}/trail`)) as {
      posts: { postId: string; evidence: { via: string; value?: string }[]; text: string | null }[];
    };
    assert.deepEqual(r.posts.map((p) => p.postId).sort(), quoted.posts.map((p) => p.postId).sort());
    for (const p of r.posts) {
      assert.ok(p.evidence.some((e) => e.via === 'quote'));
      assert.ok(p.text?.includes((quoted.quote as string).slice(0, 30)));
    }
  });

  it('the lanes read the posts of the most carried items only, and say so', async () => {
    const all = await trailWithLinks(caseDir, Number.POSITIVE_INFINITY);
    const two = await trailWithLinks(caseDir, 2);
    assert.deepEqual([all.capped, two.capped], [false, true]);
    const top = new Set(all.trail.items.slice(0, 2).map((i) => i.itemId));
    assert.deepEqual(
      two.links.map((l) => l.postId),
      all.links.filter((l) => top.has(l.itemId)).map((l) => l.postId),
    );
  });

  it('an item no post carried has an empty list, an unknown id too', async () => {
    const r = (await get(`/api/items/${encodeURIComponent('no-such-item')}/trail`)) as { posts: unknown[] };
    assert.deepEqual(r.posts, []);
  });
});

describe('the report has the chapter "How the leak travelled"', () => {
  it('with its sentences, the first-seen table, the hand-offs and the lanes chart', async () => {
    const html = await buildReport(store, { now: new Date('2026-01-01T00:00:00Z') });
    const chapter = html.slice(html.indexOf('<h2 id="trail">'), html.indexOf('<h2 id="references">'));
    assert.match(chapter, /How the leak travelled/);
    const t = ((await get('/api/trail')) as { summary: string[] }).summary;
    assert.ok(t.length >= 2);
    const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
    for (const s of t) assert.ok(chapter.includes(esc(s)), s);
    assert.match(chapter, /First seen, per platform/);
    assert.match(chapter, /Hand-offs/);
    assert.match(chapter, /<svg/);
    for (const f of trailTruth().firstSeen) assert.ok(chapter.includes(f.postId), f.postId);
  });
});

const skip = browserMissing() ?? false;
describe('the trail in Chromium', { skip }, () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  let origin: string;
  before(async () => {
    server = await startServer({ store, host: '127.0.0.1', port: 0 });
    origin = `http://127.0.0.1:${server.port}`;
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const width of [1280, 1440]) {
    it(`the campaign page draws one lane per platform; a mark opens its post (${width} px)`, async () => {
      const { page, watch } = await watchedPage(browser, origin, width);
      await page.goto(`${origin}/campaign`);
      await ready(page, '/campaign');
      const svg = page.locator('svg.trail-lanes');
      await svg.waitFor({ timeout: 60_000 });
      assert.deepEqual(await page.locator('svg.trail-lanes .lane-name').allTextContents(), [
        '4chan',
        'x',
        'telegram',
      ]);
      const box = await svg.boundingBox();
      assert.ok(box && box.width > 600 && box.width <= width, `lanes fit the page (${box?.width})`);
      const first = trailTruth().firstSeen[0]?.postId as string;
      await page.locator(`svg.trail-lanes .mark[data-post="${first}"]`).click();
      const panel = page.locator('.posts-panel');
      await panel.getByText('Emails and documents of the Avancer campaign').waitFor();
      if (process.env.LEAKLENS_SCREENSHOTS) {
        mkdirSync(process.env.LEAKLENS_SCREENSHOTS, { recursive: true });
        await page
          .locator('#trail')
          .screenshot({ path: join(process.env.LEAKLENS_SCREENSHOTS, `trail-${width}.png`) });
      }
      assert.deepEqual([watch.foreign, watch.dialogs, watch.errors], [[], [], []]);
    });
  }

  it('the item page lists the posts that showed the document, each linking to its post', async () => {
    const pdf = trailTruth().items.find((i) => i.title.endsWith('.pdf'));
    assert.ok(pdf);
    const id = itemOf(pdf);
    const { page, watch } = await watchedPage(browser, origin, 1280);
    await page.goto(`${origin}/item/${encodeURIComponent(id)}`);
    await ready(page, `/item/${encodeURIComponent(id)}`);
    const rows = page.locator('table.item-trail tbody tr');
    await rows.first().waitFor({ timeout: 60_000 });
    assert.equal(await rows.count(), 1);
    assert.match((await rows.first().textContent()) ?? '', /4chan.*md5/i);
    if (process.env.LEAKLENS_SCREENSHOTS)
      await page.screenshot({
        path: join(process.env.LEAKLENS_SCREENSHOTS, 'item-trail-1280.png'),
        fullPage: true,
      });
    await rows.first().getByText('open post').click();
    await ready(page, '/campaign');
    await page.locator('.posts-panel').getByText('Emails and documents of the Avancer campaign').waitFor();
    assert.deepEqual([watch.foreign, watch.dialogs, watch.errors], [[], [], []]);
  });
});
