import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { type BotRaw, botFeatures, scoreBot } from '../../src/social/signals/bot-features.js';
import { BOT_MODEL } from '../../src/social/signals/bot-weights.js';
import { fitLogistic, precisionRecall, rocAuc, sigmoid } from '../../src/social/signals/logistic.js';
import { botSentences } from '../../src/social/summary.js';
import { plantedCampaign } from './planted-campaign.js';

/** mulberry32, so the generated data sets are the same on every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;
const blank: BotRaw = {
  handle: 'alice',
  created: null,
  lastSeen: null,
  followers: null,
  friends: null,
  statuses: null,
  description: null,
  defaultProfile: null,
  defaultImage: null,
  posts: 3,
  activeDays: 1,
  repostRatio: 0,
  duplicateTextShare: 0,
  hourEntropy: 0.2,
  gapCv: 1,
};

describe('logistic fit', () => {
  it('recovers known weights from data generated with them', () => {
    const r = rng(1);
    const x: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const row = [r() < 0.5 ? 1 : 0, r() < 0.3 ? 1 : 0];
      x.push(row);
      y.push(r() < sigmoid(-1 + 2 * (row[0] ?? 0) - 1.5 * (row[1] ?? 0)) ? 1 : 0);
    }
    const f = fitLogistic(x, y, 1e-6);
    assert.ok(Math.abs(f.intercept + 1) < 0.1, `intercept ${f.intercept}`);
    assert.ok(Math.abs((f.weights[0] ?? 0) - 2) < 0.15, `w0 ${f.weights[0]}`);
    assert.ok(Math.abs((f.weights[1] ?? 0) + 1.5) < 0.15, `w1 ${f.weights[1]}`);
  });

  it('keeps separable data finite with L2 and ranks it perfectly', () => {
    const x = [[0], [0], [0], [1], [1], [1]];
    const y = [0, 0, 0, 1, 1, 1];
    const f = fitLogistic(x, y, 1);
    assert.ok(Number.isFinite(f.weights[0]) && (f.weights[0] ?? 0) > 1);
    const s = x.map((v) => sigmoid(f.intercept + (f.weights[0] ?? 0) * (v[0] ?? 0)));
    assert.equal(rocAuc(s, y), 1);
    assert.deepEqual(precisionRecall(s, y, 0.5), { precision: 1, recall: 1, flagged: 3, truePositives: 3 });
  });

  it('computes ROC AUC with ties as a half', () => {
    assert.equal(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 0.75);
    assert.equal(rocAuc([0.5, 0.5], [0, 1]), 0.5);
  });
});

describe('the calibrated scorer', () => {
  it('uses the weights fitted by bench/bots/run.ts, each reason carrying its weight', () => {
    assert.ok(BOT_MODEL.calibrated.includes('ratio') && BOT_MODEL.heldOut.accounts > 0);
    const raw = {
      ...blank,
      created: 0,
      lastSeen: 400 * DAY,
      followers: 5,
      friends: 300,
      statuses: 500,
      description: 'x',
    };
    const s = scoreBot(botFeatures(raw));
    const w = BOT_MODEL.weights;
    const z = BOT_MODEL.intercept + (w.ratio ?? 0) + (w.fewFollowers ?? 0);
    assert.equal(s.score, Math.round(sigmoid(z) * 1000) / 1000);
    assert.ok(
      s.reasons.includes(
        `follows 100+ accounts, followed by under 10% as many (+${(w.ratio ?? 0).toFixed(2)})`,
      ),
    );
  });

  it('"young" is the age when last seen, and never fires without a creation date', () => {
    // Created 10 days before its first post here, last seen 60 days after creation: not young.
    assert.equal(botFeatures({ ...blank, created: 0, lastSeen: 60 * DAY, followers: 50 }).young, 0);
    assert.equal(botFeatures({ ...blank, created: 0, lastSeen: 20 * DAY, followers: 50 }).young, 1);
    assert.equal(botFeatures({ ...blank, lastSeen: 20 * DAY }).young, 0);
  });

  it('the DFRLab rate is a sustained average, not one busy day among many', () => {
    assert.equal(botFeatures({ ...blank, posts: 100, activeDays: 10 }).rate, 0);
    assert.equal(botFeatures({ ...blank, posts: 300, activeDays: 2 }).rate, 1);
  });

  it('without a profile, one unmeasured posting rule is not enough; two are', () => {
    const one = scoreBot(botFeatures({ ...blank, posts: 300, activeDays: 2 }));
    assert.notEqual(one.band, 'bot-like');
    const two = scoreBot(botFeatures({ ...blank, posts: 300, activeDays: 2, repostRatio: 0.95 }));
    assert.equal(two.band, 'bot-like');
    assert.equal(two.reasons.length, 2);
  });

  it('an account with no profile and no posting signal is never bot-like', () => {
    const s = scoreBot(botFeatures(blank));
    assert.notEqual(s.band, 'bot-like');
    assert.ok(s.score < BOT_MODEL.threshold);
    assert.deepEqual(s.reasons, []);
  });
});

describe('the bot sentence', () => {
  const base = { scored: 2693, mixed: 0, withProfile: 2693, threshold: 0.81, accounts: [] };
  const heldOut = {
    dataset: 'Cresci 2015',
    precision: 0.99,
    recall: 0.96,
    auc: 0.99,
    accounts: 1948,
    bots: 974,
  };
  it('prints the measured precision beside "bot-like"', () => {
    const [s] = botSentences({ ...base, botLike: 148, botLikeWithoutProfile: 0, heldOut });
    assert.equal(
      s,
      '148 of 2,693 accounts score as bot-like (score ≥ 0.81; at this threshold 99% of held-out accounts flagged were bots in Cresci 2015).',
    );
  });
  it('says how many were flagged on the unmeasured posting rules alone', () => {
    const [s] = botSentences({ ...base, botLike: 12, botLikeWithoutProfile: 5, withProfile: 2000, heldOut });
    assert.match(
      s ?? '',
      /; 5 of them have no profile in the source and were flagged on posting rules alone, which no labelled data has measured\)\.$/,
    );
  });

  it('with none passing, says what the score cannot see instead of "0 bots"', () => {
    const [s] = botSentences({ ...base, botLike: 0, botLikeWithoutProfile: 0, withProfile: 0, heldOut });
    assert.ok(
      s?.startsWith('No account scores as bot-like (score ≥ 0.81; at this threshold 99% of held-out'),
    );
    assert.match(s ?? '', /does not mean there are no bots/);
    assert.match(s ?? '', /No account here has profile fields/);
    assert.doesNotMatch(s ?? '', /\b0 of\b/);
  });
});

describe('leaklens campaign bots', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leaklens-bots-cli-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const ROOT = join(import.meta.dirname, '../..');
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
    });
  it('--all --json lists every scored account with score, band, reasons and features', () => {
    const g = plantedCampaign();
    writeFileSync(join(dir, 't.jsonl'), `${g.lines.join('\n')}\n`);
    const kase = join(dir, 'case');
    assert.equal(run('campaign', 'import', join(dir, 't.jsonl'), '--case', kase, '--json').status, 0);
    const r = run('campaign', 'bots', '--all', '--json', '--case', kase);
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.scored, g.truth.accounts);
    assert.ok(j.scored > 50);
    assert.equal(j.accounts.length, j.scored);
    assert.deepEqual(Object.keys(j.accounts[0]), [
      'accountId',
      'handle',
      'score',
      'band',
      'reasons',
      'features',
    ]);
    const flagged = j.accounts
      .filter((x: { band: string }) => x.band === 'bot-like')
      .map((x: { accountId: string }) => x.accountId);
    assert.deepEqual(flagged.sort(), [...g.truth.botLike].sort());
    assert.equal(j.threshold, BOT_MODEL.threshold);
    const top = JSON.parse(run('campaign', 'bots', '--json', '--limit', '5', '--case', kase).stdout);
    assert.equal(top.accounts.length, 5);
    assert.equal(top.scored, j.scored);
    const bad = run('campaign', 'bots', '--limit', '-3', '--case', kase);
    assert.equal(bad.status, 2);
    assert.equal(
      bad.stderr.trim(),
      'leaklens: --limit -3: give a whole number of accounts, 1 or more (or --all)',
    );
  });
});
