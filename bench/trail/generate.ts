/**
 * Generates a trail benchmark case: a dump of MESSAGES e-mails written straight into case.sqlite
 * (the ingest is not what is timed), every one ending with the same legal footer, and POSTS posts
 * written straight into social.duckdb by one SQL statement. Planted, with known truth:
 * - every 997th post (not a repost) quotes 12–20 consecutive words of e-mail (i / 997) mod MESSAGES;
 * - every 1,009th post quotes only the footer (boilerplate: must not count);
 * - a third of the posts are reposts of the post before (same text);
 * - 1 % of posts carry a file (random MD5); 50 of them the MD5 of a dump file (cached hashes);
 * - 0.5 % link pastebin / a 4chan thread; every 100th link is "not a url".
 * Writes truth.json: the quoting posts and their e-mails.
 * Usage: npx tsx bench/trail/generate.ts DIR POSTS [MESSAGES]
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SocialDb, sqlString } from '../../src/social/db.js';
import { Store } from '../../src/store/store.js';
import { mulberry32 } from '../../src/util/mulberry32.js';

const dir = process.argv[2] ?? 'bench/out/trail/case';
const POSTS = Number(process.argv[3] ?? 1_000_000);
const MESSAGES = Number(process.argv[4] ?? 21_075);
const T0 = Date.UTC(2017, 4, 5, 18, 31, 0);
export const QUOTE_EVERY = 997;
export const FOOTER_EVERY = 1009;
const FOOTER =
  'ce message et toutes les pieces jointes sont confidentiels et etablis a l intention exclusive de ses destinataires toute utilisation non conforme est interdite';

const rnd = mulberry32(4242);
/** 20,000 pseudo-words, drawn with a Zipf-like skew (common words common, as in mail). */
const VOCAB = Array.from(
  { length: 20_000 },
  (_, i) => `${'bcdfglmnprstv'[i % 13]}${i.toString(36)}${'aeiou'[i % 5]}`,
);
const word = () => VOCAB[Math.floor(VOCAB.length * rnd() ** 2.2)] as string;
const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 16).toString(16)).join('');

rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const t0 = Date.now();
const store = Store.open(dir);
store.close();
const db = new Database(join(dir, 'case.sqlite'));
const bodies: string[] = [];
const items = db.prepare(
  "INSERT INTO items (id, kind, sha256, size, mime, name, provenance, date) VALUES (?, 'Email', ?, ?, 'message/rfc822', ?, ?, ?)",
);
const emails = db.prepare('INSERT INTO emails (id, subject, headers_json, text) VALUES (?, ?, ?, ?)');
const shas: string[] = [];
db.transaction(() => {
  for (let k = 0; k < MESSAGES; k++) {
    const n = 60 + Math.floor(rnd() * 240);
    const body = Array.from({ length: n }, word).join(' ');
    bodies.push(body);
    const id = `e-${k.toString().padStart(6, '0')}`;
    const sha = hex(64);
    shas.push(sha);
    items.run(
      id,
      sha,
      body.length,
      `mail-${k}.eml`,
      `dump/mail-${k}.eml`,
      new Date(T0 - 86400_000 * 30).toISOString(),
    );
    emails.run(id, `Subject ${k}`, '[]', `${body}\n--\n${FOOTER}`);
  }
})();
db.close();

const social = await SocialDb.open(dir);
const tmp = join(dir, 'dump-words.jsonl');
writeFileSync(tmp, bodies.map((b, k) => JSON.stringify({ k, w: b.split(' ') })).join('\n'));
writeFileSync(join(dir, 'vocab.jsonl'), VOCAB.map((w, i) => JSON.stringify({ i, w })).join('\n'));
await social.run(
  `CREATE TEMP TABLE dw AS SELECT * FROM read_json(${sqlString(tmp)}, format='newline_delimited', columns={k:'INTEGER', w:'VARCHAR[]'})`,
);
await social.run(
  `CREATE TEMP TABLE voc AS SELECT list(w ORDER BY i) AS v FROM read_json(${sqlString(join(dir, 'vocab.jsonl'))}, format='newline_delimited', columns={i:'INTEGER', w:'VARCHAR'})`,
);
// j: the post whose text this one carries (a repost carries the one before).
const text = `CASE
    WHEN j % ${QUOTE_EVERY} = 0 THEN 'lisez ' || array_to_string(dw.w[(hash(j) % greatest(len(dw.w) - 20, 1))::INT + 1 : (hash(j) % greatest(len(dw.w) - 20, 1))::INT + 12 + (j // ${QUOTE_EVERY}) % 9], ' ') || ' #macronleaks'
    WHEN j % ${FOOTER_EVERY} = 0 THEN 'lol ' || ${sqlString(FOOTER)}
    ELSE array_to_string(list_transform(range((5 + hash(j, 1) % 26)::BIGINT), x -> voc.v[1 + (hash(j, x) % 20000)::INT]), ' ') END`;
await social.run(`INSERT INTO posts SELECT 'x:' || i, 'x', 'x:u' || (i % 400000), 'u' || (i % 400000), ${T0} + i * 20,
    ${text}, 'fr', 'source',
    CASE WHEN i % 3 = 1 THEN 'x:' || (i - 1) END, NULL, NULL,
    CASE WHEN i % 7 = 0 THEN ['macronleaks'] ELSE [] END, [],
    CASE WHEN i % 200 = 0 THEN [CASE WHEN i % 20000 = 0 THEN 'not a url' WHEN i % 400 = 0 THEN 'https://pastebin.com/' || i ELSE 'https://boards.4chan.org/pol/thread/' || i END] ELSE [] END,
    NULL, 'bench'
  FROM (SELECT i, CASE WHEN i % 3 = 1 THEN i - 1 ELSE i END AS j FROM range(${POSTS}) r(i)) p
  CROSS JOIN voc
  LEFT JOIN dw ON dw.k = CASE WHEN p.j % ${QUOTE_EVERY} = 0 THEN (p.j // ${QUOTE_EVERY}) % ${MESSAGES} END`);
// Files: 1 % of posts; 50 of them carry a dump file's MD5 (its hashes cached as the trail caches them).
await social.run('CREATE TABLE IF NOT EXISTS trail_blob_hashes (sha256 VARCHAR, md5 VARCHAR, dhash VARCHAR)');
const known = Array.from({ length: 50 }, (_, n) => ({ sha: shas[n * 97] as string, md5: hex(32) }));
for (const k of known)
  await social.run('INSERT INTO trail_blob_hashes VALUES ($1, $2, NULL)', [k.sha, k.md5]);
await social.run(`INSERT INTO media SELECT 'x:' || i, 'x', ${T0} + i * 20, 'photo', 'f' || i || '.jpg', md5(i::VARCHAR), NULL, NULL, NULL, NULL, NULL, NULL, NULL
  FROM range(${POSTS}) r(i) WHERE i % 100 = 2`);
for (const [n, k] of known.entries())
  await social.run(`UPDATE media SET md5 = $1 WHERE post_id = $2`, [k.md5, `x:${n * 1000 + 2}`]);
const truth = await social.all<{ id: string; k: number }>(
  `SELECT 'x:' || i AS id, ((CASE WHEN i % 3 = 1 THEN i - 1 ELSE i END) // ${QUOTE_EVERY}) % ${MESSAGES} AS k
   FROM range(${POSTS}) r(i) WHERE (CASE WHEN i % 3 = 1 THEN i - 1 ELSE i END) % ${QUOTE_EVERY} = 0`,
);
social.close();
rmSync(tmp);
writeFileSync(
  join(dir, 'truth.json'),
  JSON.stringify({
    posts: POSTS,
    messages: MESSAGES,
    quoting: truth.length,
    filePosts: known.length,
    quotes: truth.map((t) => [t.id, `e-${String(t.k).padStart(6, '0')}`]),
  }),
);
process.stderr.write(
  `generated ${POSTS} posts, ${MESSAGES} e-mails in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`,
);
