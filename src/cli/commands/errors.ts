import type { Command } from 'commander';
import type { CaseStore } from '../../case/case-store.js';
import { TEAM_METADATA_META } from '../../team/metadata-job.js';
import { TEAM_OCR_META } from '../../team/ocr-jobs.js';
import { TEAM_VERIFY_META } from '../../team/verify-jobs.js';
import { caseOptions } from '../common.js';
import { UserError } from '../errors.js';
import { oneLine, printJson, writeText } from '../output.js';
import { openCaseReader, type TeamOptions, teamOptions } from '../team.js';

/** The reasons the ingest and verify stages record (IngestError reasons, src/ingest/ingestor.ts). */
const KNOWN_REASONS = [
  'corrupt',
  'corrupt-encoding',
  'crashed',
  'empty',
  'encrypted',
  'error',
  'limit-exceeded',
  'missing-blob',
  'not-email',
  'not-followed',
  'not-mbox',
  'ocr-error',
  'truncated',
  'unreadable',
  'unsafe-xml',
  'unsupported',
  'verify-error',
  'zip-bomb',
];

/** A --reason that is neither recorded in this case nor one leaklens records is a typo: say so. */
async function checkReason(store: CaseStore, reason: string): Promise<void> {
  const inCase = await store.failureReasons();
  if (inCase.includes(reason) || KNOWN_REASONS.includes(reason)) return;
  throw new UserError(
    `--reason ${reason}: no such reason (${inCase.length ? `this case has ${inCase.join(', ')}; ` : ''}leaklens records ${KNOWN_REASONS.join(', ')})`,
  );
}

/**
 * Team stage runs that ended with an error (their state in `meta`; a laptop case has none): not a
 * file, so not a failure record, but the user must see why a stage's results are missing.
 */
async function failedRuns(store: CaseStore): Promise<string[]> {
  const out: string[] = [];
  for (const [stage, key] of [
    ['verify', TEAM_VERIFY_META],
    ['OCR', TEAM_OCR_META],
    ['metadata', TEAM_METADATA_META],
  ] as const) {
    const v = await store.getMeta(key);
    const s = v ? (JSON.parse(v) as { runId?: string; error?: string }) : undefined;
    if (s?.error) out.push(`The ${stage} run ${s.runId} of this team case failed: ${oneLine(s.error)}`);
  }
  return out;
}

export function register(program: Command): void {
  teamOptions(
    caseOptions(
      program
        .command('errors')
        .description('List every file that could not be processed, with the reason')
        .option('--reason <reason>', 'only this reason (truncated, encrypted, limit-exceeded, …)')
        .option('--json', 'JSON output'),
    ),
  ).action(async (o: TeamOptions & { case: string; reason?: string; json?: boolean }) => {
    // Through the case store, so a team case (--database) lists its workers' failures too.
    const store = await openCaseReader(o);
    try {
      if (o.reason) await checkReason(store, o.reason);
      const rows = await store.failures(o.reason ? { reason: o.reason } : {});
      if (o.json) {
        printJson(rows);
        return;
      }
      const runs = o.reason ? [] : await failedRuns(store);
      if (!rows.length) {
        writeText(
          `${[o.reason ? `No failures with reason ${o.reason}.` : 'No failures: every file was processed.', ...runs].join('\n')}\n`,
        );
        return;
      }
      const out = [...runs, `${rows.length} failure(s):`];
      for (const r of rows)
        out.push(
          `${oneLine(r.provenance)}\n    ${r.reason} (${r.stage}): ${oneLine(r.message)}${r.itemId ? `\n    original kept: leaklens export ${r.itemId}` : ''}`,
        );
      writeText(`${out.join('\n')}\n`);
    } finally {
      await store.close();
    }
  });
}
