/**
 * Generates a synthetic #MacronLeaks-style campaign as compact X API v1.1 JSON lines (only the
 * fields the importer reads; an account's profile only on its first post), with planted answers: a seed reposted 15 times in its first minute
 * and 87 in five; @hyperacct posting 294 times in two hours; ten accounts posting 131 times each
 * in three hours; a ring of 50 accounts reposting the same 20 posts within 30 seconds.
 * Usage: npx tsx bench/campaign/generate.ts OUT.jsonl POSTS
 */
import { closeSync, openSync, writeSync } from 'node:fs';

const out = process.argv[2] ?? 'bench/data/campaign.jsonl';
const TOTAL = Number(process.argv[3] ?? 17_000_000);
const T0 = Date.UTC(2017, 4, 5, 18, 49, 0);
const H = 3600_000;
const ACCOUNTS = Math.max(1000, Math.round(TOTAL / 17));
const ORIGINALS = Math.round(TOTAL * 0.2);
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => (n < 10 ? `0${n}` : String(n));
function tw(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000 ${d.getUTCFullYear()}`;
}
/** mulberry32: a deterministic PRNG with 32-bit integer arithmetic (a float LCG clumps). */
let seed = 12345;
const rnd = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const LOCS = [
  'Paris, France',
  'New York, NY',
  'Texas',
  '',
  'Lyon',
  'London, UK',
  'California',
  'Earth',
  'Marseille',
  'Chicago, IL',
  'Montréal',
  'Berlin',
  '',
  'USA',
  'Москва',
];
const TEXTS: [string, string][] = [
  ['Les documents ont fuité #MacronLeaks', 'fr'],
  ['Regardez ces mails #MacronLeaks', 'fr'],
  ['Huge dump of emails #MacronLeaks', 'en'],
  ['Media will not report this #MacronLeaks', 'en'],
  ['Ne vous laissez pas manipuler #MacronLeaks', 'fr'],
  ['Why is nobody talking #MacronLeaks', 'en'],
];
const handle = (a: number) =>
  a < 50
    ? `ring${48213 + a}`
    : a === 50
      ? 'hyperacct'
      : a < 61
        ? `active${a}`
        : a === 61
          ? 'seedacct'
          : `user${a}`;
/** Compact: an account's full profile rides on its first post only (the importer keeps the fullest). */
const seen = new Uint8Array(ACCOUNTS + 1);
const user = (a: number) => {
  if (seen[a]) return `{"id_str":"${1e9 + a}","screen_name":"${handle(a)}"}`;
  seen[a] = 1;
  const ring = a < 50;
  return `{"id_str":"${1e9 + a}","screen_name":"${handle(a)}","location":"${ring ? '' : LOCS[a % LOCS.length]}","created_at":"${tw(ring ? T0 - 5 * 24 * H : T0 - (400 + (a % 2000)) * 24 * H)}","followers_count":${ring ? 3 : 100 + (a % 900)},"friends_count":${ring ? 2000 : 150 + (a % 300)},"default_profile":${ring},"description":"${ring ? '' : 'reader'}"}`;
};
/** Original k: author, time, text. The seed (k = 0) is at T0. */
const origAuthor = (k: number) => (k === 0 ? 61 : 62 + ((k * 2654435761) % (ACCOUNTS - 62)));
const origTime = (k: number) =>
  k === 0 ? T0 : T0 + Math.floor((((k * 40503) % 1_000_003) / 1_000_003) * 72 * H);
const origText = (k: number) => TEXTS[k % TEXTS.length] as [string, string];
const original = (k: number) => {
  const [text, lang] = origText(k);
  return `{"id_str":"${2e12 + k}","created_at":"${tw(origTime(k))}","text":"${text} ${k}","lang":"${lang}","user":${user(origAuthor(k))},"entities":{"hashtags":[{"text":"MacronLeaks"}]}}`;
};
let nextId = 3e12;
const retweet = (a: number, k: number, ts: number) => {
  const [text, lang] = origText(k);
  const ou = origAuthor(k);
  return `{"id_str":"${nextId++}","created_at":"${tw(ts)}","text":"RT @${handle(ou)}: ${text} ${k}","lang":"${lang}","user":${user(a)},"retweeted_status":{"id_str":"${2e12 + k}","created_at":"${tw(origTime(k))}","text":"${text} ${k}","lang":"${lang}","user":{"id_str":"${1e9 + ou}","screen_name":"${handle(ou)}"},"entities":{"hashtags":[{"text":"MacronLeaks"}]}}}`;
};
const plainPost = (a: number, ts: number, i: number) =>
  `{"id_str":"${nextId++}","created_at":"${tw(ts)}","text":"Read the files now #MacronLeaks ${i}","lang":"en","user":${user(a)},"entities":{"hashtags":[{"text":"MacronLeaks"}]}}`;

const fd = openSync(out, 'w');
let buf: string[] = [];
let written = 0;
const emit = (line: string) => {
  buf.push(line);
  written++;
  if (buf.length >= 20000) {
    writeSync(fd, `${buf.join('\n')}\n`);
    buf = [];
  }
};
// Planted: the seed's cascade (15 in the first minute, 87 in five), hyperactivity, the ring.
emit(original(0));
for (let i = 0; i < 87; i++)
  emit(retweet(100 + i, 0, T0 + (i < 15 ? 2000 + i * 3000 : 61_000 + (i - 15) * 3000)));
for (let i = 0; i < 294; i++) emit(plainPost(50, T0 + 600_000 + i * 24_000, i));
for (let a = 51; a < 61; a++)
  for (let i = 0; i < 131; i++) emit(plainPost(a, T0 + 300_000 + i * 82_000 + a * 1000, i));
for (let o = 1; o <= 20; o++) for (let a = 0; a < 50; a++) emit(retweet(a, o, origTime(o) + 5000 + a * 500));
// Background: originals, and reposts with an exponential delay (mean 2 h) of power-law-popular posts.
for (let k = 1; k < ORIGINALS && written < TOTAL; k++) emit(original(k));
while (written < TOTAL) {
  const u = rnd();
  const k = 1 + Math.floor((ORIGINALS - 1) * u * u);
  const a =
    rnd() < 0.7 ? 62 + Math.floor(rnd() * (ACCOUNTS - 62)) : 62 + Math.floor((ACCOUNTS - 62) * rnd() ** 2);
  emit(retweet(a, k, origTime(k) + Math.floor(-Math.log(1 - rnd() * 0.999) * 2 * H)));
}
writeSync(fd, `${buf.join('\n')}\n`);
closeSync(fd);
process.stderr.write(`${written} posts, ${ACCOUNTS} accounts, ${ORIGINALS} originals → ${out}\n`);
