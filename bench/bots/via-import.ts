/**
 * The held-out Cresci accounts of bench/bots/run.ts, scored through the real pipeline: written as
 * X v1.1 JSON lines (profile in `user`) and as a generic CSV (no profile), imported with
 * `importPosts`, scored with `listBots` (what `leaklens campaign bots --all --json` prints), and
 * compared with the direct scores. Each account carries one placeholder post whose only role is to
 * put the account in scope (a unique text, posted on the day the account was last seen), so no
 * posting rule fires; the profiles are the real ones.
 *   node --import tsx bench/bots/via-import.ts DATA_DIR
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listBots } from '../../src/social/bot-list.js';
import { importPosts } from '../../src/social/import/index.js';
import { botFeatures, scoreBot } from '../../src/social/signals/bot-features.js';
import { BOT_MODEL } from '../../src/social/signals/bot-weights.js';
import { precisionRecall, rocAuc } from '../../src/social/signals/logistic.js';
import { CRESCI_SEEN, cresci, type Labelled, split } from './data.js';

/** Twitter's v1.1 `created_at` form: "Tue Apr 30 00:00:00 +0000 2013". */
function twitterDate(ms: number): string {
  const [wd, mon, day, year, time] = new Date(ms).toUTCString().replace(',', '').split(' ');
  return `${wd} ${mon} ${day} ${time} +0000 ${year}`;
}

function tweet(x: Labelled, i: number): string {
  const r = x.raw;
  return JSON.stringify({
    id_str: String(900000000000000000n + BigInt(i)),
    created_at: twitterDate(CRESCI_SEEN),
    text: `placeholder post ${i} carrying the profile of ${r.handle}`,
    user: {
      id_str: `cresci${i}`,
      screen_name: r.handle,
      created_at: r.created === null ? null : twitterDate(r.created),
      followers_count: r.followers,
      friends_count: r.friends,
      statuses_count: r.statuses,
      description: r.description,
      default_profile: r.defaultProfile,
      default_profile_image: r.defaultImage,
    },
    entities: { hashtags: [], user_mentions: [], urls: [] },
  });
}

async function viaPipeline(file: string, kase: string, held: Labelled[], key: (i: number) => string) {
  const s = await importPosts(kase, [file]);
  const bots = await listBots(kase, { all: true });
  const byId = new Map(bots.accounts.map((a) => [a.accountId, a.score]));
  const scores = held.map((_, i) => byId.get(key(i)) ?? Number.NaN);
  const y = held.map((x) => x.bot);
  const pr = precisionRecall(scores, y, BOT_MODEL.threshold);
  return {
    imported: s.totalPosts,
    failures: s.failures.length,
    scored: bots.scored,
    scores,
    auc: rocAuc(scores, y),
    ...pr,
  };
}

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: node --import tsx bench/bots/via-import.ts DATA_DIR (see docs/bots.md)\n');
  process.exit(2);
}
const { held } = split(await cresci(join(dir, 'bas_users.csv')));
const tmp = mkdtempSync(join(tmpdir(), 'leaklens-bots-'));
try {
  const jsonl = join(tmp, 'profiles.jsonl');
  writeFileSync(jsonl, `${held.map(tweet).join('\n')}\n`);
  const x = await viaPipeline(jsonl, join(tmp, 'x'), held, (i) => `x:cresci${i}`);
  const direct = held.map(
    (h) => scoreBot(botFeatures({ ...h.raw, lastSeen: CRESCI_SEEN, posts: 1, activeDays: 1 })).score,
  );
  const differ = direct.filter(
    (s, i) => Math.abs(s - (x.scores[i] ?? Number.NaN)) > 0.001 || Number.isNaN(x.scores[i] ?? Number.NaN),
  ).length;
  const csv = join(tmp, 'posts.csv');
  writeFileSync(
    csv,
    `id,account,time,text\n${held.map((h, i) => `${i},acct${i},2013-04-30T00:00:00Z,placeholder post ${i} of ${h.raw.handle}`).join('\n')}\n`,
  );
  const c = await viaPipeline(csv, join(tmp, 'csv'), held, (i) => `csv:acct${i}`);
  const pct = (v: number) => (Number.isNaN(v) ? '–' : `${(v * 100).toFixed(1)}%`);
  const line = (name: string, r: typeof x) =>
    `| ${name} | ${r.imported} | ${r.failures} | ${r.scored} | ${r.auc.toFixed(3)} | ${pct(r.precision)} | ${pct(r.recall)} |`;
  process.stdout.write(
    [
      `Held-out Cresci 2015 accounts: ${held.length}; threshold ${BOT_MODEL.threshold}.`,
      '',
      '| route | posts imported | failures | accounts scored | ROC AUC | precision | recall |',
      '|---|---|---|---|---|---|---|',
      line('X v1.1 JSON lines (profile in user)', x),
      line('generic CSV (no profile)', c),
      '',
      `Pipeline scores differing from the direct scores (bench/bots/run.ts): ${differ} of ${held.length}.`,
      '',
    ].join('\n'),
  );
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
