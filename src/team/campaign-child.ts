import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqlCaseStore } from '../case/case-store.js';
import { openCaseStore } from '../case/open.js';
import { isUserError } from '../core/errors.js';
import { BlobStore } from '../store/blob-store.js';
import {
  type CampaignJob,
  type CampaignJobResult,
  type JobProgress,
  type OpenTrailDump,
  runCampaignJob,
} from './campaign-job.js';
import { withCampaignLock } from './campaign-lock.js';

/** What the job process tells the worker over IPC. */
type ChildMessage =
  | { progress: JobProgress }
  | { result: CampaignJobResult }
  | { error: string; userError: boolean };

/** The CLI entry (src/ or dist/ alike: both sit two folders under the package root). */
const BIN = fileURLToPath(new URL('../../bin/leaklens.js', import.meta.url));

/** A campaign job that failed in its process; `userError` when retrying cannot help. */
export class CampaignJobError extends Error {
  constructor(
    message: string,
    readonly userError: boolean,
  ) {
    super(message);
  }
}

export interface ChildJobOptions {
  dir: string;
  databaseUrl: string;
  caseName: string;
  /** The shared blob directory (the dump's originals, for the trail); default: the one holding `dir`. */
  blobRoot?: string;
}

/**
 * Runs one campaign job in a process of its own (`leaklens campaign run-job`), the way BullMQ's
 * sandboxed processors do: parsing posts and computing signals keep a thread busy for seconds, and
 * a worker whose event loop is busy stops renewing its job's lock, so BullMQ would take the job
 * for stalled and hand it to another worker. The job process holds the campaign lock itself and
 * exits the moment the worker goes (IPC disconnect), so a killed worker never leaves a writer.
 */
export function runJobInChild(
  job: CampaignJob,
  opts: ChildJobOptions,
  onProgress: (p: JobProgress) => void,
): Promise<CampaignJobResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        BIN,
        'campaign',
        'run-job',
        '--dir',
        opts.dir,
        '--database',
        opts.databaseUrl,
        '--case-name',
        opts.caseName,
        ...(opts.blobRoot ? ['--blobs', opts.blobRoot] : []),
      ],
      { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], env: { ...process.env, LEAKLENS_PROGRESS: '0' } },
    );
    let outcome: ChildMessage | undefined;
    child.on('message', (m: ChildMessage) => {
      if ('progress' in m) onProgress(m.progress);
      else outcome = m;
    });
    child.once('error', (err) =>
      reject(new CampaignJobError(`cannot start the job process: ${err.message}`, false)),
    );
    child.once('exit', (code, signal) => {
      if (outcome && 'result' in outcome) resolve(outcome.result);
      else if (outcome && 'error' in outcome) reject(new CampaignJobError(outcome.error, outcome.userError));
      else
        reject(
          new CampaignJobError(
            `the job process ended (${signal ?? `exit status ${code}`}) without a result`,
            false,
          ),
        );
    });
    child.send(job);
  });
}

/**
 * The job process's side (`leaklens campaign run-job`): takes the job from the worker, holds the
 * case's campaign lock while it runs, reports progress and the result back.
 */
export async function runJobAsChild(opts: ChildJobOptions): Promise<void> {
  const send = process.send?.bind(process);
  if (!send) throw new Error('campaign run-job is started by "leaklens worker", not by hand');
  // The worker died (SIGKILL included): stop here, before writing or publishing anything more.
  process.on('disconnect', () => process.exit(70));
  const job = await new Promise<CampaignJob>((r) => process.once('message', (m) => r(m as CampaignJob)));
  let msg: ChildMessage;
  try {
    // The trail joins the posts with the dump: the case's PostgreSQL and the shared blobs
    // (campaignDir is <blobs>/campaign/<case>).
    const openDump: OpenTrailDump = async () => {
      const store = (await openCaseStore({
        databaseUrl: opts.databaseUrl,
        caseName: opts.caseName,
      })) as SqlCaseStore;
      return {
        db: store.db,
        blobs: new BlobStore(opts.blobRoot ?? resolve(opts.dir, '..', '..')),
        close: () => store.close(),
      };
    };
    const result = await withCampaignLock(opts.databaseUrl, opts.caseName, () =>
      runCampaignJob(opts.dir, job, (progress) => send({ progress }), openDump),
    );
    msg = { result };
  } catch (err) {
    msg = {
      error: (err as Error).message,
      userError: isUserError(err) || (err as Error).name === 'UnrecoverableError',
    };
  }
  await new Promise<void>((r) => send(msg, undefined, {}, () => r()));
  process.removeAllListeners('disconnect');
  process.disconnect?.();
}
