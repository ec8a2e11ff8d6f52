/** The labelled accounts of docs/bots.md, read from a fetched data folder, and their fixed split. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toMs } from '../../src/social/import/common.js';
import { csvRecords } from '../../src/social/import/csv.js';
import type { BotRaw } from '../../src/social/signals/bot-features.js';

export interface Labelled {
  raw: BotRaw;
  bot: 0 | 1;
  subset: string;
}

export const SEED = 17;

/** Cresci 2015: the fake followers were bought in April 2013, the humans crawled before; one date for all. */
export const CRESCI_SEEN = Date.UTC(2013, 3, 30);
/** TwiBot-22 was collected in early 2022 (Feng et al. 2022). */
export const TWIBOT_SEEN = Date.UTC(2022, 2, 1);

export const noTimeline = {
  posts: null,
  activeDays: null,
  repostRatio: null,
  duplicateTextShare: null,
  hourEntropy: null,
  gapCv: null,
};
export const numOrNull = (v: string | undefined) => (v === undefined || v === '' ? null : Number(v));

export async function cresci(file: string): Promise<Labelled[]> {
  const out: Labelled[] = [];
  for await (const { row } of csvRecords(file)) {
    const subset = row.dataset ?? '';
    out.push({
      subset,
      bot: subset === 'E13' || subset === 'TFP' ? 0 : 1,
      raw: {
        handle: row.screen_name || null,
        created: toMs(row.created_at),
        lastSeen: CRESCI_SEEN,
        followers: numOrNull(row.followers_count),
        friends: numOrNull(row.friends_count),
        statuses: numOrNull(row.statuses_count),
        description: row.description ?? '',
        // Cresci's CSV leaves false as an empty cell: the field is known, only its value is false.
        defaultProfile: row.default_profile === '1',
        defaultImage: row.default_profile_image === '1',
        ...noTimeline,
      },
    });
  }
  return out;
}

export function twibot(dir: string): Labelled[] {
  const labels = new Map(
    readFileSync(join(dir, 'label_sample.csv'), 'utf8')
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((l) => l.trim().split(',') as [string, string]),
  );
  return readFileSync(join(dir, 'user_sample.json'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const u = JSON.parse(line);
      const m = u.public_metrics ?? {};
      return {
        subset: 'twibot22',
        bot: labels.get(u.id) === 'bot' ? 1 : 0,
        raw: {
          handle: u.username ?? null,
          created: toMs(u.created_at),
          lastSeen: TWIBOT_SEEN,
          followers: m.followers_count ?? null,
          friends: m.following_count ?? null,
          statuses: m.tweet_count ?? null,
          description: u.description ?? '',
          defaultProfile: null,
          defaultImage:
            typeof u.profile_image_url === 'string' ? u.profile_image_url.includes('default_profile') : null,
          ...noTimeline,
        },
      } as Labelled;
    });
}

/** mulberry32: a small seeded PRNG, so the split is the same on every run. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Half of each subset (E13, TFP, FSF, INT, TWT) to calibration, half held out. */
export function split(rows: Labelled[]): { cal: Labelled[]; held: Labelled[] } {
  const r = rng(SEED);
  const cal: Labelled[] = [];
  const held: Labelled[] = [];
  for (const s of [...new Set(rows.map((x) => x.subset))].sort()) {
    const g = rows
      .filter((x) => x.subset === s)
      .map((x) => [r(), x] as const)
      .sort((a, b) => a[0] - b[0]);
    g.forEach(([, x], i) => {
      (i < g.length / 2 ? cal : held).push(x);
    });
  }
  return { cal, held };
}

export const stripProfile = (x: Labelled): Labelled => ({
  ...x,
  raw: {
    ...x.raw,
    created: null,
    followers: null,
    friends: null,
    statuses: null,
    description: null,
    defaultProfile: null,
    defaultImage: null,
  },
});
