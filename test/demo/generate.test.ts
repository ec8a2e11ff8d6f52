import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { unzipSync } from 'fflate';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import PostalMime from 'postal-mime';
import { generateDemo } from '../../src/demo/generate.js';
import { OUTSIDE_EDITOR } from '../../src/demo/planted.js';
import type { Truth } from '../../src/demo/truth.js';
import { readDump, zoneResolver } from './helpers.js';

/** sha256 of every file under dir, by relative path. */
function hashTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), createHash('sha256').update(readFileSync(p)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

const root = mkdtempSync(join(tmpdir(), 'leaklens-demo-test-'));
const a = join(root, 'a');
let truth: Truth;

before(async () => {
  truth = await generateDemo(a, { size: 'small', seed: 7 });
});
after(() => rmSync(root, { recursive: true, force: true }));

describe('demo generator', () => {
  test('the same seed gives byte-identical files; another seed does not', async () => {
    const b = join(root, 'b');
    await generateDemo(b, { size: 'small', seed: 7 });
    const ha = hashTree(a);
    const hb = hashTree(b);
    assert.ok(ha.size > 200, `expected hundreds of files, got ${ha.size}`);
    assert.deepEqual([...hb], [...ha]);
    const c = join(root, 'c');
    await generateDemo(c, { size: 'small', seed: 8, noPosts: true });
    assert.notEqual(hashTree(c).get('truth.json'), ha.get('truth.json'));
  });

  test('every e-mail parses with postal-mime and DKIM results match the truth', async () => {
    const resolver = zoneResolver(readFileSync(join(a, 'keys', 'dkim-keys.zone'), 'utf8'));
    const planted = new Map(truth.emails.map((e) => [e.messageId, e]));
    const copies = readDump(a);
    assert.equal(copies.length, truth.dump.emails);
    const results: Record<string, number> = {};
    for (const [loc, raw] of copies) {
      const m = await PostalMime.parse(raw);
      assert.ok(
        m.messageId && m.from?.address && m.date && m.subject !== undefined,
        `${loc} lacks basic headers`,
      );
      const r = await dkimVerify(raw, { resolver, curTime: new Date(m.date) } as never);
      const status = (r as { results: { status: { result: string } }[] }).results
        .map((x) => x.status.result)
        .join(',');
      const p = planted.get(m.messageId);
      const domain = m.from.address.split('@')[1] ?? '';
      const signs = [
        'avancer.example',
        'banque-lumiere.example',
        'lequotidien.example',
        'mailbox.test',
      ].includes(domain);
      const kind = p?.kind ?? (signs ? 'authentic-signed' : 'authentic-unsigned');
      const key = `${kind}:${status}`;
      results[key] = (results[key] ?? 0) + 1;
    }
    // Only these combinations may occur: forged ones fail, everything authentic verifies.
    const allowed = new Set([
      'authentic-signed:pass',
      'authentic-unsigned:none',
      'benign-reencoding:pass',
      'fabricated:none',
      'body-altered:neutral',
      'header-altered:fail',
      'extra-from:pass',
      'content-past-l:pass',
      'received-out-of-order:none',
      'message-id-mismatch:none',
    ]);
    for (const k of Object.keys(results))
      assert.ok(allowed.has(k), `unexpected ${k} (${JSON.stringify(results)})`);
    assert.ok((results['authentic-signed:pass'] ?? 0) > 250);
    assert.equal(results['body-altered:neutral'], 4);
    assert.equal(results['header-altered:fail'], 3);
    assert.equal(results['benign-reencoding:pass'], 8);
  });

  test('headers follow each client: Outlook, Gmail-style, Apple Mail and Thunderbird all appear', () => {
    const text = readDump(a)
      .map(([, raw]) => raw.toString('latin1'))
      .join('\n');
    assert.match(text, /^Message-ID: <[A-Z0-9]{15}[0-9A-F]{32}@[A-Z0-9]+\.eurprd0\d\.prod\.outlook\.com>/m);
    assert.match(text, /^Message-ID: <CA[^@]+@mail\.gmail\.com>/m);
    assert.match(text, /^Message-Id: <[0-9A-F-]{36}@avancer\.example>\r?\nX-Mailer: Apple Mail \(2\.3273\)/m);
    assert.match(text, /^User-Agent: Mozilla\/5\.0 .* Thunderbird\/45\.8\.0/m);
    assert.match(text, /s=sel2016a;/);
    assert.match(text, /s=sel2017b;/);
  });

  test('outside documents carry the editor, ru-RU and are modified after the e-mail that carries them', async () => {
    assert.equal(truth.documents.length, 5);
    const copies = readDump(a);
    const times: number[] = [];
    for (const d of truth.documents) {
      const carrier = copies.find(([, raw]) => raw.includes(d.carriedBy));
      assert.ok(carrier, `carrier of ${d.filename}`);
      const m = await PostalMime.parse(carrier[1]);
      const att = m.attachments.find((x) => x.filename === d.filename);
      assert.ok(att, d.filename);
      const bytes = new Uint8Array(att.content as ArrayBuffer);
      assert.equal(createHash('sha256').update(bytes).digest('hex'), d.sha256);
      const modified = Date.parse(d.modified);
      assert.ok(modified > Date.parse(m.date ?? ''), `${d.filename} modified before its e-mail`);
      times.push(modified);
      if (d.filename.endsWith('.xlsx')) {
        const core = new TextDecoder().decode(unzipSync(bytes)['docProps/core.xml']);
        assert.match(core, new RegExp(`<cp:lastModifiedBy>${OUTSIDE_EDITOR}</cp:lastModifiedBy>`));
        assert.match(core, /<dc:language>ru-RU<\/dc:language>/);
      }
    }
    assert.ok(Math.max(...times) - Math.min(...times) <= 5 * 60_000, 'edited within minutes');
  });

  test('posts: the seed post is reposted 15 times in 1 min and 87 in 5, counted from the files', () => {
    const lines = readFileSync(join(a, 'social', 'x-posts.jsonl'), 'utf8')
      .trim()
      .split('\n');
    const masto = readFileSync(join(a, 'social', 'mastodon-statuses.jsonl'), 'utf8')
      .trim()
      .split('\n');
    assert.equal(lines.length + masto.length, truth.social?.posts);
    const tweets = lines.map(
      (l) => JSON.parse(l) as { id_str: string; created_at: string; retweeted_status?: { id_str: string } },
    );
    const seed = tweets[0];
    assert.ok(seed && !seed.retweeted_status);
    const t0 = Date.parse(seed.created_at);
    const deltas = tweets
      .filter((t) => t.retweeted_status?.id_str === seed.id_str)
      .map((t) => Date.parse(t.created_at) - t0);
    assert.equal(deltas.filter((d) => d <= 60_000).length, 15);
    assert.equal(deltas.filter((d) => d <= 300_000).length, 87);
    assert.equal(`x:${seed.id_str}`, truth.social?.seed.postId);
  });
});
