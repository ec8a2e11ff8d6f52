/**
 * Calibrates and measures the bot-likeness score on public labelled accounts (docs/bots.md).
 *   node --import tsx bench/bots/run.ts DATA_DIR [--write]
 * DATA_DIR holds `bas_users.csv` (Cresci et al. 2015, "Fame for sale": 1,950 verified humans and
 * 1,950 bought fake followers) and optionally `twibot22/{user_sample.json,label_sample.csv}` (a
 * 1,000-account TwiBot-22 sample), fetched as docs/bots.md says. Nothing here is committed data.
 * The split is stratified by source subset with a fixed seed; weights are fitted on the
 * calibration half only; every figure printed is on accounts the fit never saw. `--write` writes
 * src/social/signals/bot-weights.ts, which the scorer uses.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BOT_RULES, type BotRuleKey, botFeatures } from '../../src/social/signals/bot-features.js';
import { fitLogistic, precisionRecall, rocAuc, sigmoid } from '../../src/social/signals/logistic.js';
import { cresci, type Labelled, SEED, split, stripProfile, twibot } from './data.js';

const L2 = 1;
const TARGET_PRECISION = 0.9;
/**
 * Stated priors (log-odds) for rules no labelled timeline could calibrate, chosen so that no one
 * of them alone makes a profile-less account (which sits at even odds) bot-like: two must agree.
 */
const PRIORS: Partial<Record<BotRuleKey, number>> = {
  rate: 1.2,
  reposts: 1,
  dupes: 1,
  hours: 0.5,
  clockwork: 1,
};
const FITTED: BotRuleKey[] = BOT_RULES.filter((r) => r.kind !== 'timeline').map((r) => r.key);

const vec = (x: Labelled) => {
  const f = botFeatures(x.raw);
  return FITTED.map((k) => f[k]);
};

interface Model {
  intercept: number;
  weights: Record<string, number>;
}

function fit(cal: Labelled[]): Model {
  // Each calibration account twice: as the source gave it and with its profile removed, so the
  // `noProfile` weight is learned rather than read as "human" (a CSV source has no profile).
  const rows = [...cal, ...cal.map(stripProfile)];
  const f = fitLogistic(
    rows.map(vec),
    rows.map((x) => x.bot),
    L2,
  );
  const weights: Record<string, number> = { ...PRIORS };
  FITTED.forEach((k, i) => {
    weights[k] = Math.round((f.weights[i] ?? 0) * 100) / 100;
  });
  return { intercept: Math.round(f.intercept * 100) / 100, weights };
}

const score = (m: Model, x: Labelled) => {
  const f = botFeatures(x.raw);
  return sigmoid(m.intercept + BOT_RULES.reduce((s, r) => s + (f[r.key] ? (m.weights[r.key] ?? 0) : 0), 0));
};

/**
 * The lowest threshold above even odds at which calibration precision reaches the target: an
 * account the score knows nothing about sits at 0.5 and must never be called bot-like.
 */
function chooseThreshold(m: Model, cal: Labelled[]): number {
  const s = cal.map((x) => score(m, x));
  const y = cal.map((x) => x.bot);
  const cands = [...new Set(s.map((v) => Math.round(v * 100) / 100))]
    .filter((v) => v > 0.5)
    .sort((a, b) => a - b);
  for (const t of cands) if (precisionRecall(s, y, t).precision >= TARGET_PRECISION) return t;
  return 1;
}

/** Posts a day over the account's life: the baseline the issue measured (0.95 AUC, lower = bot). */
const perDay = (x: Labelled) => {
  const age =
    x.raw.created !== null && x.raw.lastSeen !== null ? (x.raw.lastSeen - x.raw.created) / 86_400_000 : null;
  return x.raw.statuses !== null && age !== null ? x.raw.statuses / Math.max(age, 1) : 0;
};
/** The previous hand weights on the rules a profile-only set can show (profile, ratio, handle; young at last seen). */
const previous = (x: Labelled) => {
  const f = botFeatures(x.raw);
  return 0.15 * f.young + 0.1 * Math.max(f.defaultProfile, f.noDescription) + 0.1 * f.ratio + 0.1 * f.handle;
};

function row(name: string, s: number[], y: number[], t: number) {
  const pr = precisionRecall(s, y, t);
  const pct = (v: number) => (Number.isNaN(v) ? '–' : `${(v * 100).toFixed(1)}%`);
  return `| ${name} | ${rocAuc(s, y).toFixed(3)} | ${t} | ${pct(pr.precision)} | ${pct(pr.recall)} | ${pr.flagged} |`;
}

function report(title: string, m: Model, t: number, xs: Labelled[]): string[] {
  const y = xs.map((x) => x.bot);
  const stripped = xs.map(stripProfile);
  return [
    `### ${title}: ${xs.length} accounts, ${y.filter((v) => v).length} bots`,
    '',
    '| score | ROC AUC | threshold | precision | recall | flagged |',
    '|---|---|---|---|---|---|',
    row(
      'calibrated score',
      xs.map((x) => score(m, x)),
      y,
      t,
    ),
    row(
      'calibrated score, profile fields removed',
      stripped.map((x) => score(m, x)),
      y,
      t,
    ),
    row('posts a day, higher = bot (DFRLab 72)', xs.map(perDay), y, 72),
    row(
      'posts a day, lower = bot (1/day)',
      xs.map((x) => -perDay(x)),
      y,
      -1,
    ),
    row('previous hand weights (0.5)', xs.map(previous), y, 0.5),
    '',
  ];
}

const dir = process.argv[2];
if (!dir || !existsSync(join(dir, 'bas_users.csv'))) {
  process.stderr.write(
    'usage: node --import tsx bench/bots/run.ts DATA_DIR [--write]  (DATA_DIR/bas_users.csv: see docs/bots.md)\n',
  );
  process.exit(2);
}
const all = await cresci(join(dir, 'bas_users.csv'));
const { cal, held } = split(all);
const model = fit(cal);
const threshold = chooseThreshold(model, cal);
const out = [
  `Calibration: ${cal.length} accounts (${cal.filter((x) => x.bot).length} bots); held out: ${held.length} (${held.filter((x) => x.bot).length} bots); seed ${SEED}, L2 ${L2}.`,
  `Threshold: lowest score with calibration precision ≥ ${TARGET_PRECISION * 100}%: ${threshold}.`,
  '',
  '| rule | weight (log-odds) | fitted |',
  '|---|---|---|',
  `| (intercept) | ${model.intercept} | yes |`,
  ...BOT_RULES.map(
    (r) =>
      `| ${r.text} | ${model.weights[r.key] ?? 0} | ${FITTED.includes(r.key) ? 'yes' : 'no (stated prior)'} |`,
  ),
  '',
  ...report('Held out, Cresci 2015', model, threshold, held),
];
const tw = join(dir, 'twibot22');
if (existsSync(join(tw, 'user_sample.json')))
  out.push(...report('Another dataset, TwiBot-22 sample (never fitted)', model, threshold, twibot(tw)));
process.stdout.write(`${out.join('\n')}\n`);

if (process.argv.includes('--write')) {
  const y = held.map((x) => x.bot);
  const s = held.map((x) => score(model, x));
  const pr = precisionRecall(s, y, threshold);
  const m = {
    intercept: model.intercept,
    weights: model.weights,
    threshold,
    calibrated: FITTED,
    heldOut: {
      dataset: "Cresci 2015's labelled set of verified humans and bought fake followers",
      precision: Math.round(pr.precision * 1000) / 1000,
      recall: Math.round(pr.recall * 1000) / 1000,
      auc: Math.round(rocAuc(s, y) * 1000) / 1000,
      accounts: held.length,
      bots: y.filter((v) => v).length,
    },
  };
  const file = fileURLToPath(new URL('../../src/social/signals/bot-weights.ts', import.meta.url));
  writeFileSync(
    file,
    `// Generated by bench/bots/run.ts --write from Cresci 2015 (docs/bots.md); do not edit by hand.\nexport const BOT_MODEL = ${JSON.stringify(m, null, 2)} as {\n  intercept: number;\n  weights: Record<string, number>;\n  threshold: number;\n  calibrated: string[];\n  heldOut: { dataset: string; precision: number; recall: number; auc: number; accounts: number; bots: number };\n};\n`,
  );
  // The house formatter, so a regenerated file differs only where the figures do.
  spawnSync('npx', ['biome', 'format', '--write', file], { stdio: 'ignore' });
}
