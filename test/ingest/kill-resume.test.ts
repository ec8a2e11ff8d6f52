import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Store } from '../../src/store/store.js';
import { tempDir } from '../helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A maildir of `n` messages (some with attachments) and an mbox, all generated. */
function makeDump(dir: string, n: number): void {
  for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(dir, 'box', sub), { recursive: true });
  let mbox = '';
  for (let i = 0; i < n; i++) {
    const body = `Message ${i}: réunion budget facture ${'lorem ipsum '.repeat(200 + (i % 50))}`;
    const att =
      i % 5 === 0
        ? `--b\r\nContent-Type: application/octet-stream; name="f${i}.bin"\r\nContent-Disposition: attachment; filename="f${i}.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.alloc(20000, i % 251).toString('base64')}\r\n`
        : '';
    const msg =
      `From: user${i % 17}@org.example\r\nTo: boss@org.example\r\nSubject: Note ${i}\r\nDate: Tue, 28 Mar 2017 10:${String(i % 60).padStart(2, '0')}:00 +0200\r\nMessage-ID: <m${i}@org.example>\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n` +
      `--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n${att}--b--\r\n`;
    if (i % 3 === 0)
      mbox += `From user@org.example Tue Mar 28 10:00:00 2017\n${msg.replace(/\r\n/g, '\n')}\n`;
    else writeFileSync(join(dir, 'box', i % 2 ? 'cur' : 'new', `${1490000000 + i}.M${i}P1.host:2,S`), msg);
  }
  writeFileSync(join(dir, 'archive.mbox'), mbox);
}

function run(args: string[], killAfterMs?: number): Promise<number | string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
      cwd: ROOT,
      stdio: 'ignore',
    });
    let timer: NodeJS.Timeout | undefined;
    if (killAfterMs !== undefined) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve(signal ?? code ?? -1);
    });
  });
}

function snapshot(caseDir: string) {
  const s = Store.open(caseDir, { readonly: true });
  try {
    const q = (sql: string) => s.db.prepare(sql).all();
    return {
      items: q('SELECT id, kind, sha256, size, status FROM items ORDER BY id'),
      locations: q('SELECT item_id, provenance FROM locations ORDER BY 1, 2'),
      emails: q('SELECT id, subject, date, attachment_count FROM emails ORDER BY id'),
      blobs: q('SELECT sha256, size FROM blobs ORDER BY 1'),
      failures: q('SELECT id, reason FROM failures ORDER BY 1'),
      fts: q('SELECT count(*) AS n FROM fts'),
      ftsItems: q('SELECT count(*) AS n FROM items WHERE rowid IN (SELECT rowid FROM fts)'),
      journal: q('SELECT source, status FROM journal ORDER BY 1'),
    };
  } finally {
    s.close();
  }
}

test('a SIGKILLed ingest, run again, ends with exactly the counts and hashes of an uninterrupted run', {
  timeout: 300_000,
}, async (t) => {
  const dir = tempDir(t);
  const dump = join(dir, 'dump');
  makeDump(dump, 900);
  const whole = join(dir, 'whole');
  assert.equal(await run(['ingest', dump, '--case', whole, '--no-verify', '--no-analyze']), 0);
  const expected = snapshot(whole);
  assert.equal(expected.emails.length, 900);

  const killed = join(dir, 'killed');
  const delays = [700, 1200, 1800, 2600];
  let kills = 0;
  for (const ms of delays) {
    const r = await run(['ingest', dump, '--case', killed, '--no-verify', '--no-analyze'], ms);
    if (r === 'SIGKILL') kills++;
  }
  assert.ok(kills >= 1, 'at least one run was killed mid-way');
  assert.equal(await run(['ingest', dump, '--case', killed, '--no-verify', '--no-analyze']), 0);
  const got = snapshot(killed);
  assert.deepEqual(got, expected);
  // No half-written blob is left where a reader could find it.
  const blobFiles = readdirSync(join(killed, 'blobs'), { recursive: true }).filter(
    (f) => /[0-9a-f]{64}$/.test(String(f)) && !String(f).startsWith('tmp'),
  );
  assert.equal(blobFiles.length, expected.blobs.length);
  // And every blob holds exactly its bytes (one cut short by a kill is rewritten on resume).
  for (const f of blobFiles) {
    const name = String(f).split('/').pop()!;
    const bytes = readFileSync(join(killed, 'blobs', String(f)));
    assert.equal(createHash('sha256').update(bytes).digest('hex'), name, `blob ${name}`);
  }
});
