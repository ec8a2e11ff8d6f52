import type { Command } from 'commander';
import { caseOptions, openCase } from '../common.js';
import { UserError } from '../errors.js';
import { oneLine, printJson, writeText } from '../output.js';

/** The reasons the ingest and verify stages record (IngestError reasons, src/ingest/ingestor.ts). */
const KNOWN_REASONS = [
  'corrupt',
  'corrupt-encoding',
  'empty',
  'encrypted',
  'error',
  'limit-exceeded',
  'missing-blob',
  'not-email',
  'not-mbox',
  'truncated',
  'unreadable',
  'unsafe-xml',
  'unsupported',
  'verify-error',
  'zip-bomb',
];

/** A --reason that is neither recorded in this case nor one leaklens records is a typo: say so. */
function checkReason(store: ReturnType<typeof openCase>, reason: string): void {
  const inCase = (store.db.prepare('SELECT DISTINCT reason FROM failures').all() as { reason: string }[]).map(
    (r) => r.reason,
  );
  if (inCase.includes(reason) || KNOWN_REASONS.includes(reason)) return;
  throw new UserError(
    `--reason ${reason}: no such reason (${inCase.length ? `this case has ${inCase.sort().join(', ')}; ` : ''}leaklens records ${KNOWN_REASONS.join(', ')})`,
  );
}

export function register(program: Command): void {
  caseOptions(
    program
      .command('errors')
      .description('List every file that could not be processed, with the reason')
      .option('--reason <reason>', 'only this reason (truncated, encrypted, limit-exceeded, …)')
      .option('--json', 'JSON output'),
  ).action((o: { case: string; reason?: string; json?: boolean }) => {
    const store = openCase(o.case, { readonly: true });
    try {
      if (o.reason) checkReason(store, o.reason);
      const rows = store.db
        .prepare(
          `SELECT f.id, f.provenance, f.sha256, f.reason, f.message, f.stage,
             (SELECT i.id FROM items i WHERE i.sha256 = f.sha256 LIMIT 1) AS itemId
           FROM failures f ${o.reason ? 'WHERE f.reason = ?' : ''} ORDER BY f.provenance, f.stage`,
        )
        .all(...(o.reason ? [o.reason] : [])) as {
        provenance: string;
        reason: string;
        message: string;
        stage: string;
        itemId: string | null;
      }[];
      if (o.json) {
        printJson(rows);
        return;
      }
      if (!rows.length) {
        writeText(
          o.reason ? `No failures with reason ${o.reason}.\n` : 'No failures: every file was processed.\n',
        );
        return;
      }
      const out = [`${rows.length} failure(s):`];
      for (const r of rows)
        out.push(
          `${oneLine(r.provenance)}\n    ${r.reason} (${r.stage}): ${oneLine(r.message)}${r.itemId ? `\n    original kept: leaklens export ${r.itemId}` : ''}`,
        );
      writeText(`${out.join('\n')}\n`);
    } finally {
      store.close();
    }
  });
}
