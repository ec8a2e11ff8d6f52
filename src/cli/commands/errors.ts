import type { Command } from 'commander';
import { caseOptions, openCase } from '../common.js';
import { oneLine, printJson, writeText } from '../output.js';

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
        writeText('No failures: every file was processed.\n');
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
