import type { Command } from 'commander';
import type { Store } from '../../store/store.js';
import { caseOptions, openCase } from '../common.js';
import { formatBytes, formatCount, printJson, table, writeText } from '../output.js';

/** Counts by kind, sender domain, month and failure reason. */
export function caseStats(store: Store) {
  const db = store.db;
  const all = <T>(sql: string) => db.prepare(sql).all() as T[];
  const one = <T>(sql: string) => db.prepare(sql).get() as T;
  return {
    items: all<{ kind: string; count: number }>(
      'SELECT kind, count(*) AS count FROM items GROUP BY kind ORDER BY kind',
    ),
    blobs: one<{ count: number; bytes: number }>(
      'SELECT count(*) AS count, COALESCE(sum(size), 0) AS bytes FROM blobs',
    ),
    locations: one<{ count: number }>('SELECT count(*) AS count FROM locations').count,
    senderDomains: all<{ domain: string; count: number }>(
      'SELECT from_domain AS domain, count(*) AS count FROM emails WHERE from_domain IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 25',
    ),
    months: all<{ month: string; count: number }>(
      'SELECT substr(date, 1, 7) AS month, count(*) AS count FROM emails WHERE date IS NOT NULL GROUP BY 1 ORDER BY 1',
    ),
    undated: one<{ count: number }>('SELECT count(*) AS count FROM emails WHERE date IS NULL').count,
    mime: all<{ mime: string; count: number }>(
      "SELECT COALESCE(mime, '?') AS mime, count(*) AS count FROM items WHERE kind = 'Document' GROUP BY 1 ORDER BY 2 DESC LIMIT 20",
    ),
    failures: all<{ reason: string; count: number }>(
      'SELECT reason, count(*) AS count FROM failures GROUP BY 1 ORDER BY 2 DESC',
    ),
    flags: all<{ kind: string; count: number }>(
      'SELECT kind, count(*) AS count FROM flags GROUP BY 1 ORDER BY 2 DESC',
    ),
  };
}

export function register(program: Command): void {
  caseOptions(
    program
      .command('stats')
      .description('Counts by kind, sender domain, month; failures')
      .option('--json', 'JSON output'),
  ).action((o: { case: string; json?: boolean }) => {
    const store = openCase(o.case, { readonly: true });
    try {
      const s = caseStats(store);
      if (o.json) {
        printJson(s);
        return;
      }
      const out = [
        `Case ${store.path}`,
        `${s.items.map((k) => `${formatCount(k.count)} ${k.kind.toLowerCase()}${k.count === 1 ? '' : 's'}`).join(', ')}; ${formatCount(s.blobs.count)} distinct originals (${formatBytes(s.blobs.bytes)}) at ${formatCount(s.locations)} locations`,
        '',
        table(
          ['sender domain', 'e-mails'],
          s.senderDomains.map((d) => [d.domain, d.count]),
        ),
        '',
        table(
          ['month', 'e-mails'],
          [
            ...s.months.map((m) => [m.month, m.count] as [string, number]),
            ...(s.undated ? [['(no date)', s.undated] as [string, number]] : []),
          ],
        ),
        '',
        table(
          ['document type', 'count'],
          s.mime.map((m) => [m.mime, m.count]),
        ),
      ];
      if (s.flags.length)
        out.push(
          '',
          table(
            ['flag', 'count'],
            s.flags.map((f) => [f.kind, f.count]),
          ),
        );
      out.push(
        '',
        s.failures.length
          ? table(
              ['failure reason', 'count'],
              s.failures.map((f) => [f.reason, f.count]),
            )
          : 'No failures.',
      );
      writeText(`${out.join('\n')}\n`);
    } finally {
      store.close();
    }
  });
}
