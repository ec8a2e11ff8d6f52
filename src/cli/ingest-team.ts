import { enqueueInputs } from '../team/enqueue.js';
import { awaitIngestEnd } from '../team/finish.js';
import { waitForInputs } from '../team/wait.js';
import { createProgress } from '../util/progress.js';
import { UserError } from './errors.js';
import { formatCount, printJson, writeText } from './output.js';
import { runTeamStages, type TeamStage, teamStagesLines } from './stages-team.js';
import { commandUrl, openTeamCase, passwordNote, type TeamOptions } from './team.js';

/**
 * `leaklens ingest PATH --database URL --queue URL`: enqueue the input files for team workers
 * and, with --wait, follow them until every file is done or failed.
 */
export async function ingestTeam(
  paths: string[],
  o: TeamOptions & { wait?: boolean; json?: boolean; verify?: boolean; analyze?: boolean; ocr?: boolean },
): Promise<void> {
  if (!o.queue) throw new UserError('team ingest needs --queue redis://… beside --database');
  const store = await openTeamCase(o);
  try {
    const s = await enqueueInputs(store, paths, { queueUrl: o.queue, caseName: o.caseName });
    if (s.files === 0)
      throw new UserError(
        `nothing to ingest: ${s.missing.join(', ') || paths.join(', ')} not found or empty`,
        'nothing-done',
      );
    let waited: Awaited<ReturnType<typeof waitForInputs>> | undefined;
    /** Who ran VACUUM ANALYZE on the search tables at the end (with --wait). */
    let searchTables: Awaited<ReturnType<typeof awaitIngestEnd>> | null = null;
    if (o.wait) {
      const bar = createProgress({ label: 'workers', total: s.files, unit: 'files', silent: o.json });
      let shown = 0;
      waited = await waitForInputs(store, {
        onTick: (t) => {
          const now = Math.min(s.files, t.done + t.failed);
          if (now > shown) bar.tick(now - shown);
          shown = Math.max(shown, now);
        },
      });
      bar.stop();
      searchTables = await awaitIngestEnd(store);
    }
    // The stages that run as jobs follow the ingest jobs (each waits for them): verify unless
    // --no-verify, OCR unless --no-ocr (as on the laptop, where --no-analyze leaves OCR on),
    // metadata and triage unless --no-analyze.
    const stages: TeamStage[] = [
      ...(o.verify === false ? [] : ['verify' as const]),
      ...(o.ocr === false ? [] : ['ocr' as const]),
      ...(o.analyze === false ? [] : ['metadata' as const, 'triage' as const]),
    ];
    const ran = await runTeamStages(store, stages, o);
    const counts = await store.counts();
    if (o.json) {
      printJson({
        ...s,
        caseName: o.caseName,
        waited: waited ?? null,
        searchTablesAnalyzedBy: searchTables,
        counts,
        stages: ran,
      });
      return;
    }
    const lines = [
      `Enqueued ${formatCount(s.enqueued)} file(s) of ${formatCount(s.files)} for case "${o.caseName}"` +
        (s.skipped ? `; ${formatCount(s.skipped)} already done, skipped` : '') +
        '.',
    ];
    if (waited)
      lines.push(
        `Workers done: ${formatCount(waited.done)} file(s) ingested, ${formatCount(waited.failed)} failed; the case holds ${formatCount(counts.emails ?? 0)} e-mails and ${formatCount(counts.documents ?? 0)} documents.`,
      );
    else
      lines.push(
        `Start workers with: leaklens worker --database ${commandUrl(o.database)} --queue ${commandUrl(o.queue)} --case-name ${o.caseName} --blobs DIR`,
        ...passwordNote({ '--database': o.database, '--queue': o.queue }),
      );
    lines.push(...teamStagesLines(ran, o));
    if (s.missing.length) lines.push(`Not found: ${s.missing.join(', ')}`);
    writeText(`${lines.join('\n')}\n`);
  } finally {
    await store.close();
  }
}
