/** Summary sentences from verdict rows written directly: grammar, body-altered split, ARC, flags. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { SqliteDb } from '../../src/case/sqlite-db.js';
import { Store } from '../../src/store/store.js';
import { migrateVerdicts } from '../../src/verify/case.js';
import { summarizeVerdicts } from '../../src/verify/summary.js';

test('sentences count verdicts, diagnoses, ARC chains and flags', async () => {
  const root = mkdtempSync(join(tmpdir(), 'leaklens-verify-summary-'));
  const store = Store.open(join(root, 'case'));
  try {
    migrateVerdicts(store);
    const ins = store.db.prepare(
      'INSERT INTO verdicts(item_id, verdict, reason, signatures_json, arc_json) VALUES (?, ?, ?, ?, ?)',
    );
    const sig = (verdict: string, diagnosis?: string) =>
      JSON.stringify([
        {
          domain: 'example.fr',
          selector: 's1',
          verdict,
          bytesPastLimit: 0,
          bodyResult: 'fail',
          ...(diagnosis ? { bodyDiagnosis: { diagnosis } } : {}),
        },
      ]);
    ins.run('a', 'verified', 'r', sig('verified'), '{"result":"pass"}');
    ins.run('b', 'verified-third-party', 'r', sig('verified-third-party'), '{"result":"fail"}');
    ins.run('c', 'body-altered', 'r', sig('body-altered', 're-encoded-in-transit'), '{"result":"none"}');
    ins.run('d', 'body-altered', 'r', sig('body-altered', 'content-changed'), null);
    ins.run('e', 'weak-key', 'r', sig('weak-key'), null);
    ins.run('f', 'unsigned', 'r', '[]', null);
    store.addFlag({
      itemId: 'f',
      kind: 'received-out-of-order',
      severity: 'high',
      message: 'm',
      evidence: {},
      stage: 'verify',
    });
    store.addFlag({
      itemId: 'a',
      kind: 'duplicate-header',
      severity: 'high',
      message: 'm',
      evidence: {},
      stage: 'verify',
    });
    const s = await summarizeVerdicts(new SqliteDb(store.db));
    assert.deepEqual(s.sentences, [
      "6 e-mails were checked. 2 (33.3%) carry a DKIM signature that verifies with the key the domain published at the time (1 signed by a list or mail service rather than the sender's domain).",
      '2 fail: 1 was re-encoded in transit (harmless); 1 had its text changed after signing.',
      '1 message verifies only with an RSA key under 1,024 bits, which proves nothing.',
      '1 message is unsigned, among them 1 with Received chains that run backwards in time.',
      '2 messages carry an ARC chain (RFC 8617) added by forwarding servers: 1 pass, 1 fail.',
      'Header forensics found 1 duplicated From/Subject/Date/To/Message-ID headers ("leaklens search flag:KIND" lists them).',
    ]);
    assert.deepEqual(s.bodyAltered, { reEncoded: 1, appended: 0, changed: 1 });
    assert.deepEqual(
      s.failing.map((f) => f.itemId),
      ['c', 'd', 'e'],
    );
  } finally {
    store.close();
    rmSync(root, { recursive: true, force: true });
  }
});
