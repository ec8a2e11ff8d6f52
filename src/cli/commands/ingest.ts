import type { Command } from 'commander';
import { ingestPaths } from '../../ingest/manager.js';
import { runStages } from '../../pipeline/all-stages.js';
import { caseOptions, openCase, wholeNumber } from '../common.js';
import { UserError } from '../errors.js';
import { formatBytes, formatCount, printJson, writeText } from '../output.js';
import { type TeamOptions, teamOptions } from '../team.js';

export function register(program: Command): void {
  const ingest = caseOptions(
    program
      .command('ingest')
      .description(
        'Load files and folders (e-mail, archives, documents) into the case, keeping every original byte',
      )
      .argument('<paths...>', 'files or folders to ingest, recursively')
      .option(
        '--workers <n>',
        'parser processes, each file under a time and memory budget (default: number of cores)',
        wholeNumber('--workers', 1),
      )
      .option('--no-verify', 'do not verify DKIM/ARC at the end')
      .option('--no-analyze', 'do not run the analysis stages (metadata, triage) at the end')
      .option('--no-ocr', 'do not OCR images and scanned pages now (run "leaklens ocr" later)')
      .option('--dns', 'allow live DNS lookups for DKIM keys missing from the archive')
      .option('--json', 'print the summary as JSON'),
  );
  teamOptions(ingest).option('--wait', 'team mode: wait until the workers have ingested every file');
  ingest.action(
    async (
      paths: string[],
      o: {
        case: string;
        workers?: number;
        verify: boolean;
        analyze: boolean;
        ocr: boolean;
        dns?: boolean;
        json?: boolean;
      } & TeamOptions & {
          wait?: boolean;
        },
    ) => {
      // Team mode's modules (PostgreSQL, Redis, the job queue) load only when asked for.
      if (o.database || o.queue) return (await import('../ingest-team.js')).ingestTeam(paths, o);
      const store = openCase(o.case, { create: true });
      try {
        const s = await ingestPaths(store, paths, { workers: o.workers, budget: true, silent: o.json });
        if (s.missing.length && s.files === 0)
          throw new UserError(`nothing to ingest: ${s.missing.join(', ')} not found`, 'not-found');
        // An empty folder (or one of ignored files only) is not a successful ingest: exit non-zero.
        if (s.files === 0)
          throw new UserError(`nothing to ingest: no files in ${paths.join(', ')}`, 'nothing-done');
        const skip: string[] = [];
        if (!o.verify) skip.push('verify');
        if (!o.analyze) skip.push('metadata', 'triage');
        if (!o.ocr) skip.push('ocr');
        const stages = await runStages(store, { skip, dns: o.dns, silent: o.json });
        if (o.json) {
          printJson({ ...s, stages });
          return;
        }
        const lines = [
          `Ingested ${formatCount(s.files - s.skipped)} file(s) (${formatBytes(s.bytes)}) in ${s.seconds.toFixed(1)} s` +
            (s.skipped ? `; ${formatCount(s.skipped)} already in the case, skipped` : '') +
            '.',
          `Case now holds ${formatCount(s.totals.emails)} e-mails, ${formatCount(s.totals.documents)} documents, ${formatCount(s.totals.folders)} folders; ${formatCount(s.newItems)} new item(s) this run.`,
          s.newFailures
            ? `${formatCount(s.newFailures)} new failure(s) (${formatCount(s.totals.failures)} in all): run "leaklens errors --case ${o.case}" to list them.`
            : `No new failures (${formatCount(s.totals.failures)} in all).`,
        ];
        if (s.missing.length) lines.push(`Not found: ${s.missing.join(', ')}`);
        for (const st of stages) lines.push(`${st.stage}: ${st.summary}`);
        writeText(`${lines.join('\n')}\n`);
      } finally {
        store.close();
      }
    },
  );
}
