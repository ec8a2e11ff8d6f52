import { mulberry32 } from '../../src/util/mulberry32.js';

/**
 * A CooRTweet-style export (github.com/nicolarighetti/CooRTweet: object_id, account_id,
 * content_id, timestamp_share, as its russian_coord_tweets data set has them, hashed ids and epoch
 * seconds) with a text column holding hashtags, mentions and links, and a fixed seed: accounts with
 * heavy-tailed activity sharing a pool of objects, as retweets do.
 */
export function* coortweetCsv(opts: { rows: number; seed?: number }): Generator<string> {
  const rnd = mulberry32(opts.seed ?? 7);
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  const id = (k: number) => `${hex(k * 2654435761)}${hex(k * 40503)}${hex(k ^ 0x5bd1e995)}${hex(k + 17)}`;
  const accounts = Math.max(10, Math.floor(opts.rows / 25));
  const objects = Math.max(10, Math.floor(opts.rows / 8));
  const words = ['leak', 'docs', 'vote', 'truth', 'media', 'news', 'Россия', 'élection'];
  let out = ['object_id,account_id,content_id,timestamp_share,text'];
  let t = 1623800000;
  for (let i = 0; i < opts.rows; i++) {
    t += Math.floor(rnd() * 3);
    const a = Math.floor(rnd() ** 3 * accounts);
    const o = Math.floor(rnd() ** 2 * objects);
    const w = Array.from(
      { length: 4 + Math.floor(rnd() * 8) },
      () => words[Math.floor(rnd() * words.length)],
    );
    if (rnd() < 0.4) w.push(`#${words[o % words.length]}`);
    if (rnd() < 0.3) w.push(`@acct${o % 97}`);
    if (rnd() < 0.2) w.push(`https://news.example/${o % 1000}`);
    const text = `RT @src${o % 97}: ${w.join(' ')}`;
    out.push(`${id(o + 1_000_000)},${id(a)},${id(i + 2_000_000)},${t},"${text}"`);
    if (out.length >= 20_000) {
      yield `${out.join('\n')}\n`;
      out = [];
    }
  }
  yield out.length ? `${out.join('\n')}\n` : '';
}
