import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { mutate, prng, runTarget, Workspace } from './harness.js';
import { TARGETS } from './targets.js';

// A quick bounded run for every parser (bench/fuzz/run.mjs runs for hours): each mutated input
// gives records or a chosen failure, never a throw or the catch-all `error` reason.
const ws = new Workspace();
after(() => ws.close());

for (const target of TARGETS) {
  test(`fuzz ${target.name}: never throws, only returns failures`, async () => {
    const seed = target.seed();
    assert.equal((await runTarget(target, seed, ws)).crash, null, 'the seed itself is read');
    await fc.assert(
      fc.asyncProperty(fc.integer(), async (s) => {
        const out = await runTarget(target, mutate(seed, prng(s)), ws);
        assert.equal(out.crash, null);
      }),
      { numRuns: target.name === 'pst' ? 8 : 25, seed: 18 },
    );
  });
}

// Every crasher a long run found is kept as a fixture and must stay fixed.
const CORPUS = new URL('../fixtures/fuzz/', import.meta.url).pathname;
test('the fuzz corpus (past crashers) reads without a crash', { timeout: 300_000 }, async () => {
  let n = 0;
  for (const f of readdirSync(CORPUS).filter((x) => !x.endsWith('.md'))) {
    const name = f.split('--')[0]!;
    const target = TARGETS.find((t) => t.name === name);
    assert.ok(target, `${f}: target ${name} exists`);
    const out = await runTarget(target, readFileSync(join(CORPUS, f)), ws);
    assert.equal(out.crash, null, f);
    n++;
  }
  assert.ok(n >= 0);
});
