import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { coordination } from '../../src/social/coordinate.js';
import { importPosts } from '../../src/social/import/index.js';

/**
 * Three accounts (a, b, c) post the same text with different links, twice, seconds apart, and share
 * one URL and one hashtag together twice; d posts the same things hours later (never within the window).
 */
const T = Date.UTC(2017, 4, 5, 18, 0, 0) / 1000;
const rows = [
  ['id', 'account', 'time', 'text'],
  ['1', 'a', T, 'Les documents prouvent tout, partagez vite ! https://a.example/1 #Leak'],
  ['2', 'b', T + 3, 'les documents prouvent TOUT partagez vite https://b.example/2 #leak'],
  ['3', 'c', T + 6, 'Les documents prouvent tout — partagez vite. @someone #LEAK'],
  ['4', 'd', T + 7200, 'Les documents prouvent tout, partagez vite ! #leak'],
  ['5', 'a', T + 600, 'Deuxième vague : lisez les mails https://same.example/x #other'],
  ['6', 'b', T + 605, 'deuxième vague lisez les mails https://same.example/x #other'],
  ['7', 'c', T + 609, 'Deuxième vague, lisez les mails ! https://same.example/x #other'],
  ['8', 'd', T + 9000, 'Deuxième vague : lisez les mails https://same.example/x #other'],
];

describe('coordination by text, URL and hashtag', () => {
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'leaklens-coord-kinds-'));
    const f = join(dir, 'posts.csv');
    writeFileSync(f, `${rows.map((r) => r.map((c) => `"${String(c)}"`).join(',')).join('\n')}\n`);
    const s = await importPosts(dir, [f], { format: 'csv' });
    assert.equal(s.postsAdded, 8);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('near-identical texts (case, punctuation, links and mentions ignored) within 10 s', async () => {
    const c = await coordination(dir, { by: 'text', timeWindow: 10, minParticipation: 2, edgeWeight: 0 });
    assert.equal(c.pairs, 6);
    assert.deepEqual(
      c.topEdges.map((e) => [e.a, e.b, e.weight]),
      [
        ['csv:a', 'csv:b', 2],
        ['csv:a', 'csv:c', 2],
        ['csv:b', 'csv:c', 2],
      ],
    );
    // CooRTweet keeps edges strictly above the percentile: with all weights equal, none are.
    assert.equal(c.threshold, 2);
    assert.equal(c.strongEdges, 0);
  });

  it('the same URL within 10 s', async () => {
    const c = await coordination(dir, { by: 'url', timeWindow: 10, minParticipation: 1, edgeWeight: 0 });
    assert.equal(c.pairs, 3);
    assert.deepEqual(
      c.topEdges.map((e) => e.evidence[0]?.object),
      ['https://same.example/x', 'https://same.example/x', 'https://same.example/x'],
    );
  });

  it('the same hashtag within 10 s, and nobody over a window that excludes d', async () => {
    const c = await coordination(dir, { by: 'hashtag', timeWindow: 10, minParticipation: 2, edgeWeight: 0 });
    assert.equal(c.pairs, 6);
    assert.ok(!c.groups.flatMap((g) => g.accounts).includes('csv:d'));
  });
});
