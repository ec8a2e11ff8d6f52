import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Eta, formatEta } from '../../src/util/eta.js';

/**
 * The ETA of the progress bars (src/util/eta.ts). The ingest reports files in bursts (hundreds at
 * once, then single files): the time left must follow the real pace, not swing with each burst as
 * cli-progress's own estimate did on the 1,000,000-item case (from "5s" to "6h45m" and back).
 */
test('eta: bursts of 500 then 1 every 10 s give the same steady estimate, not a swing', () => {
  const eta = new Eta(60_000);
  const total = 800_000;
  assert.equal(eta.update(0, 0, total), null);
  let t = 0;
  let v = 0;
  const shown: number[] = [];
  for (let k = 0; k < 60; k++) {
    t += 10_000;
    v += 500;
    shown.push(eta.update(t, v, total)!);
    t += 50;
    v += 1;
    shown.push(eta.update(t, v, total)!);
  }
  // True pace: 501 files per 10.05 s; time left at the end: (800,000 - 30,060) / 49.85 ≈ 15,445 s.
  const last = shown.at(-1)!;
  assert.ok(Math.abs(last - 15_445) / 15_445 < 0.05, `last estimate ${last}`);
  // After the first minute, no estimate strays more than 20% from the true time left.
  for (let i = 12; i < shown.length; i++) {
    const done = Math.floor(i / 2) * 501 + (i % 2 ? 501 : 500);
    const truth = (total - done) / (501 / 10.05);
    assert.ok(Math.abs(shown[i]! - truth) / truth < 0.2, `estimate ${i}: ${shown[i]} against ${truth}`);
  }
});

test('eta: a change of pace shows within one window', () => {
  const eta = new Eta(60_000);
  let v = 0;
  eta.update(0, 0, 100_000);
  // 100/s for 5 min
  for (let t = 1000; t <= 300_000; t += 1000) {
    v += 100;
    eta.update(t, v, 100_000);
  }
  let left = 0;
  // then 10/s
  for (let t = 301_000; t <= 400_000; t += 1000) {
    v += 10;
    left = eta.update(t, v, 100_000)!;
  }
  // 31,000 done at 10/s: 6,900 s left; the whole-run average (77.5/s) would say 890 s.
  assert.ok(Math.abs(left - 6900) < 100, `estimate after the slowdown ${left}`);
});

test('eta: no progress yet is unknown, done is zero; formatting', () => {
  const eta = new Eta();
  assert.equal(eta.update(0, 0, 10), null);
  assert.equal(eta.update(5000, 0, 10), null);
  assert.equal(eta.update(6000, 10, 10), 0);
  assert.equal(formatEta(null), '…');
  assert.equal(formatEta(44.6), '45s');
  assert.equal(formatEta(305), '5m05s');
  assert.equal(formatEta(7620), '2h07m');
});
