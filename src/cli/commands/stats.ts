import type { Command } from 'commander';
import { caseStats } from '../../store/case-stats.js';
import { caseOptions, openCase } from '../common.js';
import { formatBytes, formatCount, printJson, table, writeText } from '../output.js';

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
