import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { type DemoPost, toMastodon, toXV1 } from './posts-format.js';
import type { Rng } from './prng.js';
import { type DemoAccount, makeAccount, snowflake } from './social-accounts.js';
import { socialTruth } from './social-truth.js';
import type { SocialTruth } from './truth.js';

export const HASHTAG = 'AvancerLeaks';
/** The first post of the hashtag, modelled on the evening the 2017 dump appeared. */
export const CAMPAIGN_START = Date.UTC(2017, 4, 5, 18, 49, 0);

const SIZES = {
  small: {
    posts: 20_000,
    organic: 2_500,
    bots: 150,
    ring: 25,
    ringTargets: 30,
    windowH: 6,
    copy: 12,
    copyWaves: 6,
  },
  full: {
    posts: 350_000,
    organic: 60_000,
    bots: 2_500,
    ring: 60,
    ringTargets: 120,
    windowH: 48,
    copy: 30,
    copyWaves: 12,
  },
} as const;

/** Hyperactive accounts: ten posting 1,312 times in about three hours, the first 294 in two. */
const HYPER = [294, 171, 140, 128, 119, 111, 102, 96, 89, 62];

const TEXTS = {
  fr: [
    'Les documents de la campagne Avancer sont en ligne {url} #{tag}',
    "Incroyable ce qu'on découvre dans les mails #{tag}",
    'Lisez avant dimanche ! #{tag} {url}',
    'Les médias vont-ils en parler ? #{tag}',
    'Qui finance vraiment Avancer ? #{tag} @{hub}',
  ],
  en: [
    'BREAKING: massive leak of the Avancer campaign {url} #{tag}',
    'The French media blackout cannot hide this #{tag}',
    'Read the emails before Sunday #{tag} @{hub}',
    'This is huge #{tag}',
    'Share before it gets deleted! #{tag} {url}',
  ],
  de: ['Riesiges Leck in Frankreich #{tag}'],
  es: ['Filtración masiva en Francia #{tag}'],
} as const;

/**
 * How people open a post: varied by position, not drawn from the random stream, so adding them
 * left every other planted answer where it was. Without them, a few templates would make
 * unrelated accounts post identical texts within the same minute.
 */
const OPENERS = [
  '',
  'Wow.',
  'Incroyable.',
  '😱',
  'Thread 👇',
  'Unbelievable:',
  'À lire :',
  'Voilà.',
  'Hmm.',
  'So…',
  'Attention :',
  'Read this.',
  'Enfin !',
  'Look:',
  'Mais…',
  'OK.',
  '👀',
  'Tiens,',
  'Ouch.',
  'Lol.',
  'Bon.',
  'Yikes.',
  'Eh bien,',
  'Seriously?',
  'Wait.',
  'Alors ?',
  'Honestly,',
  'Vraiment ?',
  'Huh.',
  'Bref.',
  'Damn.',
];

/**
 * Copy-paste messages (35 words or more, so that one changed word keeps a word 3-gram Jaccard
 * similarity above 0.8): a network posts them with small edits, each wave within 40 seconds.
 */
const COPYPASTA = [
  "Ce que les grands médias refusent de vous montrer : les mails de la campagne Avancer prouvent des montages financiers opaques, des comptes à l'étranger et des promesses faites en secret à des donateurs. Lisez, vérifiez, partagez avant la censure de dimanche #{tag}",
  "Nous avons tout lu cette nuit. Les échanges internes d'Avancer montrent comment l'équipe a préparé la riposte médiatique avant même la fuite. Les journalistes savent et se taisent. Diffusez massivement les documents pendant qu'ils sont encore en ligne #{tag}",
  'Dernière chance avant le vote : les documents fuités montrent que la campagne Avancer a menti sur ses comptes et ses soutiens. Ne laissez pas les médias décider à votre place, lisez les pièces vous-mêmes et faites tourner partout #{tag}',
];

/** A small edit of a copy-paste message: as is, shouted, one word changed, or one word added. */
function vary(rng: Rng, text: string): string {
  const w = text.split(' ');
  switch (rng.int(0, 3)) {
    case 1:
      w[0] = (w[0] as string).toUpperCase();
      w[3] = `${w[3]} !!`;
      break;
    case 2:
      w[rng.int(5, w.length - 6)] = rng.pick(['vraiment', 'clairement', 'enfin', "aujourd'hui"]);
      break;
    case 3:
      w.splice(w.length - 1, 0, rng.pick(['👉', 'RT', 'urgent', 'vite']));
      break;
  }
  return w.join(' ');
}

class Builder {
  readonly posts: DemoPost[] = [];
  readonly originals: DemoPost[] = [];
  /** Sorted snapshots of the originals that reposts draw from (see freeze). */
  pool: DemoPost[] = [];
  hubPool: DemoPost[] = [];
  constructor(
    readonly rng: Rng,
    readonly hub: DemoAccount,
  ) {}

  original(a: DemoAccount, time: number, text?: string): DemoPost {
    const opener = OPENERS[(this.posts.length * 17) % OPENERS.length];
    const t = text ?? `${opener ? `${opener} ` : ''}${this.rng.pick(TEXTS[a.lang])}`;
    const body = t
      .replace('{tag}', HASHTAG)
      .replace('{url}', 'https://paste.test/AvLk17')
      .replace('{hub}', this.hub.handle);
    const p: DemoPost = {
      id: '',
      time,
      account: a,
      text: body,
      lang: a.lang,
      repostOf: null,
      hashtags: [HASHTAG.toLowerCase()],
      mentions: body.includes(`@${this.hub.handle}`) ? [this.hub.handle] : [],
      urls: body.includes('https://') ? ['https://paste.test/AvLk17'] : [],
    };
    this.posts.push(p);
    this.originals.push(p);
    return p;
  }

  freeze(): void {
    this.pool = [...this.originals].sort((x, y) => x.time - y.time);
    this.hubPool = this.pool.filter((p) => p.account === this.hub);
  }

  repost(a: DemoAccount, of: DemoPost, time: number): DemoPost {
    const p: DemoPost = {
      id: '',
      time,
      account: a,
      text: of.text,
      lang: of.lang,
      repostOf: of,
      hashtags: of.hashtags,
      mentions: [of.account.handle, ...of.mentions],
      urls: of.urls,
    };
    this.posts.push(p);
    return p;
  }
}

/**
 * Generates the amplification of the leak: X API v1.1 JSON lines (social/x-posts.jsonl) and
 * Mastodon statuses (social/mastodon-statuses.jsonl), then returns what is true about them.
 */
export async function writePosts(
  dir: string,
  rng: Rng,
  size: 'small' | 'full',
  progress?: (done: number, total: number) => void,
): Promise<SocialTruth> {
  const s = SIZES[size];
  const T0 = CAMPAIGN_START;
  const W = s.windowH * 3_600_000;
  let n = 0;
  const acct = (role: DemoAccount['role'], lang?: 'fr' | 'en') => makeAccount(rng, role, n++, T0, lang);
  const seed = acct('seed', 'en');
  const hub = acct('hub', 'en');
  const b = new Builder(rng, hub);
  const ring = Array.from({ length: s.ring }, () => acct('ring', 'en'));
  const bots = Array.from({ length: s.bots }, () => acct('bot', 'en'));
  const hyper = HYPER.map(() => acct('hyperactive'));
  const organic = Array.from({ length: s.organic }, () => acct('organic'));
  for (const a of organic.filter(() => rng.chance(0.04))) a.platform = 'mastodon';
  const later = () =>
    T0 + 301_000 + Math.floor(((W - 301_000) * ((rng.next() + rng.next()) / 2) ** 1.3) / 1000) * 1000;

  // The seed post, reposted 15 times within a minute and 87 within five (by the ring and bots first).
  const s0 = b.original(seed, T0, 'The Avancer campaign emails are out. 9 GB. Read them all {url} #{tag}');
  const fast = rng.shuffle([...ring, ...bots]).slice(0, 87);
  fast.forEach((a, i) => {
    b.repost(a, s0, T0 + (i < 15 ? rng.int(3, 60) : rng.int(61, 300)) * 1000);
  });
  for (let i = 0; i < 15; i++) b.original(hub, T0 + 1_200_000 + Math.floor((i * W) / 18 / 1000) * 1000);
  for (let i = 0; i < 10; i++) b.original(seed, later());
  for (const a of organic) if (rng.chance(0.45)) b.original(a, later());
  // Hyperactive: bursts starting 30 minutes in; the top account's 294 posts fit in two hours.
  const hyperReposts: [DemoAccount, number][] = [];
  HYPER.forEach((count, k) => {
    const start = T0 + 1_800_000 + k * 60_000;
    const span = k === 0 ? 7_000_000 : 11_000_000;
    for (let i = 0; i < count; i++) {
      const t = start + Math.floor((rng.next() * span) / 1000) * 1000;
      if (rng.chance(0.3)) b.original(hyper[k] as DemoAccount, t);
      else hyperReposts.push([hyper[k] as DemoAccount, t]);
    }
  });
  b.freeze();
  for (const [a, t] of hyperReposts) repostLater(b, a, t);
  // The ring: every member reposts the same posts within a minute of each other.
  const targets = rng
    .shuffle(b.pool.filter((p) => p !== s0 && p.account.platform === 'x' && p.time < T0 + W - 120_000))
    .slice(0, s.ringTargets);
  for (const t of targets) for (const a of ring) b.repost(a, t, t.time + rng.int(5, 55) * 1000);
  for (const a of bots) for (let i = rng.int(5, 25); i > 0; i--) repostLater(b, a, later());
  while (b.posts.length < s.posts) repostLater(b, rng.pick(organic), later());
  // Copy-paste network: near-identical long messages, wave after wave (coordination by text).
  const copy = Array.from({ length: s.copy }, () => acct('copypasta', 'fr'));
  for (let w = 0; w < s.copyWaves; w++) {
    const text = rng.pick(COPYPASTA);
    const at = T0 + 900_000 + Math.floor((w * (W - 1_800_000)) / s.copyWaves / 1000) * 1000;
    for (const a of copy) if (rng.chance(0.8)) b.original(a, at + rng.int(0, 40) * 1000, vary(rng, text));
  }
  return finish(dir, b, progress, { seed: s0, ring, bots, hyper, hub, copy });
}

/** An original posted before `t`: the hub's posts draw many reposts, recent posts more than old. */
function pick(b: Builder, t: number): DemoPost {
  if (b.rng.next() < 0.3) {
    const h = countBefore(b.hubPool, t);
    if (h > 0) return b.hubPool[b.rng.int(0, h - 1)] as DemoPost;
  }
  const hi = Math.max(1, countBefore(b.pool, t));
  return b.pool[Math.floor(hi * Math.sqrt(b.rng.next()))] as DemoPost;
}

/** How many posts of a time-sorted list are strictly before `t` (binary search). */
function countBefore(list: DemoPost[], t: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as DemoPost).time < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function repostLater(b: Builder, a: DemoAccount, t: number): void {
  const of = pick(b, t);
  // A repost stays on its platform: an X account cannot retweet a Mastodon status.
  if (a.platform !== of.account.platform) b.original(a, t);
  else b.repost(a, of, t);
}

async function finish(
  dir: string,
  b: Builder,
  progress: ((d: number, t: number) => void) | undefined,
  roles: Parameters<typeof socialTruth>[2],
): Promise<SocialTruth> {
  const posts = b.posts
    .map((p, i) => ({ p, i }))
    .sort((x, y) => x.p.time - y.p.time || x.i - y.i)
    .map((x) => x.p);
  posts.forEach((p, i) => {
    p.id = snowflake(p.time, i);
  });
  mkdirSync(dir, { recursive: true });
  const files = { x: join(dir, 'x-posts.jsonl'), mastodon: join(dir, 'mastodon-statuses.jsonl') };
  const fx = openSync(files.x, 'w');
  const fm = openSync(files.mastodon, 'w');
  const CHUNK = 5000;
  for (let i = 0; i < posts.length; i += CHUNK) {
    const slice = posts.slice(i, i + CHUNK);
    const xs = slice.filter((p) => p.account.platform === 'x').map((p) => JSON.stringify(toXV1(p)));
    const ms = slice
      .filter((p) => p.account.platform === 'mastodon')
      .map((p) => JSON.stringify(toMastodon(p)));
    if (xs.length) writeSync(fx, `${xs.join('\n')}\n`);
    if (ms.length) writeSync(fm, `${ms.join('\n')}\n`);
    progress?.(Math.min(i + CHUNK, posts.length), posts.length);
  }
  closeSync(fx);
  closeSync(fm);
  return socialTruth(posts, HASHTAG, roles, ['social/x-posts.jsonl', 'social/mastodon-statuses.jsonl']);
}
