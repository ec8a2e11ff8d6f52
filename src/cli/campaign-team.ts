import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { AnalyzeOptions, CampaignAnalysis } from '../social/analyze.js';
import { printAnalysis } from '../social/print.js';
import { parseTime } from '../social/scope.js';
import { campaignDir, shareInputs } from '../team/campaign-files.js';
import type { CampaignJob, CampaignJobResult } from '../team/campaign-job.js';
import { type PublishedCampaign, publishedCampaign } from '../team/campaign-published.js';
import {
  type CampaignJobState,
  campaignJobs,
  enqueueCampaignJob,
  waitForCampaignJob,
} from '../team/campaign-queue.js';
import { CampaignReader } from '../team/campaign-reader.js';
import { UserError } from './errors.js';
import { formatCount, printJson, table, writeText } from './output.js';
import { commandUrl, openTeamCase, passwordNote, type TeamOptions, teamOptions } from './team.js';

export interface CampaignTeamOptions extends TeamOptions {
  blobs?: string;
  wait?: boolean;
  json?: boolean;
}

/** The team options of a campaign command: --database, --queue, --case-name, --blobs, --wait. */
export function campaignTeamOptions(cmd: Command, wait = true): Command {
  const c = teamOptions(cmd).option(
    '--blobs <dir>',
    "team mode: the shared blob directory the workers use (the case's campaign file and inputs live in it)",
  );
  return wait ? c.option('--wait', 'team mode: follow the job until a worker has finished it') : c;
}

export function needQueue(o: CampaignTeamOptions, what: string): string {
  if (!o.database) throw new UserError(`team ${what} needs --database postgres://… beside --queue`);
  if (!o.queue) throw new UserError(`team ${what} needs --queue redis://… beside --database`);
  return o.queue;
}

/** Follows a campaign job on stderr (phase and posts) until it ends; its failure reason as a user error. */
export async function follow(
  o: CampaignTeamOptions,
  queueUrl: string,
  id: string,
): Promise<CampaignJobResult> {
  let last = '';
  try {
    return await waitForCampaignJob(queueUrl, o.caseName, id, {
      onTick: (s) => {
        const line = progressLine(s);
        if (!o.json && line !== last) process.stderr.write(`${line}\n`);
        last = line;
      },
    });
  } catch (err) {
    throw new UserError(
      `${(err as Error).message} (leaklens errors --database ${commandUrl(o.database)} --case-name ${o.caseName} lists it${passwordNote(
        { '--database': o.database },
      )
        .map((l) => ` ${l}`)
        .join('')})`,
      'nothing-done',
    );
  }
}

function progressLine(s: CampaignJobState): string {
  const p = s.progress;
  const phase =
    p && s.state !== 'completed' ? `${p.phase}${p.posts ? `: ${formatCount(p.posts)} posts read` : ''}` : '';
  // BullMQ counts an attempt when it ends: a job running again has attemptsMade ≥ 1.
  const running = s.state === 'active' || s.state === 'waiting' || s.state === 'delayed';
  const tries = running && s.attemptsMade ? ` (attempt ${s.attemptsMade + 1})` : '';
  return `campaign ${s.kind} job ${s.id}: ${s.state}${phase ? `, ${phase}` : ''}${tries}`;
}

/**
 * `campaign import FILES --database URL --queue URL --blobs DIR`: puts the files into the case's
 * shared storage and enqueues one import job (import, then the default analysis), followed with --wait.
 */
export async function campaignImportTeam(
  files: string[],
  o: CampaignTeamOptions & { format?: string; mapping?: Record<string, string> },
): Promise<void> {
  const queueUrl = needQueue(o, 'campaign import');
  if (!o.blobs)
    throw new UserError(
      'team campaign import needs --blobs DIR, the shared blob directory the workers use (the files are put there)',
    );
  const dir = campaignDir(o.blobs, o.caseName);
  const store = await openTeamCase(o); // the case must exist and answer before anything is enqueued
  await store.close();
  const shared = await shareInputs(files, dir, o.blobs);
  const job: CampaignJob = {
    kind: 'import',
    files: shared.files,
    names: shared.names,
    format: o.format,
    mapping: o.mapping,
  };
  const id = await enqueueCampaignJob(job, { queueUrl, caseName: o.caseName });
  const result = o.wait ? await follow(o, queueUrl, id) : null;
  if (o.json) {
    printJson({
      caseName: o.caseName,
      job: id,
      files: shared.files,
      copied: shared.copied,
      missing: shared.missing,
      result: result?.import ?? null,
    });
    return;
  }
  const lines = [
    `Enqueued campaign import job ${id} for case "${o.caseName}": ${formatCount(shared.files.length)} file(s), ${formatCount(shared.copied)} copied into ${dir}.`,
  ];
  if (shared.missing.length) lines.push(`Not found: ${shared.missing.join(', ')}`);
  if (result?.import) {
    const s = result.import;
    lines.push(
      `${formatCount(s.postsAdded)} posts and ${formatCount(s.accountsAdded)} accounts added; ${formatCount(s.totalPosts)} posts in the case; analysed (${formatCount(result.analysis?.posts ?? 0)} posts).`,
    );
    const bad = s.failures.length + s.warnings.length;
    if (bad)
      lines.push(
        `${formatCount(bad)} failure(s) and note(s): leaklens errors --database ${commandUrl(o.database)} --case-name ${o.caseName}`,
        ...passwordNote({ '--database': o.database }),
      );
  } else if (!o.wait)
    lines.push(
      `A worker runs it (leaklens worker --database ${commandUrl(o.database)} --queue ${commandUrl(queueUrl)} --case-name ${o.caseName} --blobs ${o.blobs}); follow it with leaklens campaign status.`,
      ...passwordNote({ '--database': o.database, '--queue': queueUrl }),
    );
  writeText(`${lines.join('\n')}\n`);
}

/** `campaign analyze --database URL --queue URL`: enqueues the analysis; --wait prints it. */
export async function campaignAnalyzeTeam(opts: AnalyzeOptions, o: CampaignTeamOptions): Promise<void> {
  const queueUrl = needQueue(o, 'campaign analyze');
  // An unreadable time is the user's to fix now, not a job's to fail on later.
  parseTime(opts.from);
  parseTime(opts.to);
  const id = await enqueueCampaignJob({ kind: 'analyze', options: opts }, { queueUrl, caseName: o.caseName });
  if (!o.wait) {
    if (o.json) printJson({ caseName: o.caseName, job: id });
    else
      writeText(
        `Enqueued campaign analysis job ${id} for case "${o.caseName}"; --wait follows it, leaklens campaign status shows it.\n`,
      );
    return;
  }
  const r = await follow(o, queueUrl, id);
  const a = r.analysis as CampaignAnalysis;
  if (o.json) printJson(a);
  else printAnalysis(a);
  if (!a.posts) process.exitCode = 2;
}

/**
 * `campaign status`: the case's campaign jobs (state, progress, failure reasons) and, with
 * --blobs, what the published campaign file holds.
 */
export async function campaignStatusTeam(o: CampaignTeamOptions): Promise<void> {
  const queueUrl = needQueue(o, 'campaign status');
  const jobs = await campaignJobs(queueUrl, o.caseName);
  let published: PublishedCampaign | null = null;
  let unreadable: string | null = null;
  if (o.blobs) {
    const reader = new CampaignReader(campaignDir(resolve(o.blobs), o.caseName));
    try {
      published = await reader.withDb(publishedCampaign);
    } catch (err) {
      // The jobs' reasons are what the user needs then: say why the file could not be read, go on.
      unreadable = `${reader.dir}: ${(err as Error).message}`;
    } finally {
      await reader.shutdown();
    }
  }
  if (o.json) {
    printJson({ caseName: o.caseName, published, unreadable, jobs });
    return;
  }
  const lines: string[] = [];
  if (published)
    lines.push(
      `Case "${o.caseName}": ${formatCount(published.posts)} posts, ${formatCount(published.accounts)} accounts; ${published.analysedAt ? `analysed ${published.analysedAt}` : 'not analysed yet'}.`,
    );
  else if (unreadable) lines.push(`The campaign file cannot be read: ${unreadable}`);
  else if (o.blobs) lines.push(`Case "${o.caseName}": no posts published yet.`);
  lines.push(
    jobs.length
      ? table(
          ['job', 'kind', 'state', 'attempts', 'enqueued', 'reason'],
          jobs.map((j) => [j.id, j.kind, j.state, j.attemptsMade, j.enqueuedAt, j.failedReason ?? '']),
        )
      : 'No campaign jobs in the queue.',
  );
  writeText(`${lines.join('\n')}\n`);
}
