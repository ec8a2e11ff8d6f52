import { resolve } from 'node:path';
import type { Command } from 'commander';
import { startCampaignWorker } from '../../team/campaign-worker.js';
import { startWorker } from '../../team/worker.js';
import { UserError } from '../errors.js';
import { openTeamCase, redactUrl, type TeamOptions, teamOptions } from '../team.js';

export function register(program: Command): void {
  teamOptions(
    program
      .command('worker')
      .description(
        'Team mode: ingest files from the case queue into PostgreSQL, run its analysis jobs (verify, OCR, metadata) and its campaign jobs (import, analyze), until stopped (run one per core, on any machine that sees the blob directory)',
      )
      .requiredOption(
        '--blobs <dir>',
        'the shared blob directory (every worker and server must see the same one)',
      )
      .option(
        '--concurrency <n>',
        'files parsed (and pages read by OCR) at once by this process',
        (v) => Number.parseInt(v, 10),
        1,
      )
      .option('--lock <seconds>', "seconds before a dead worker's job is taken over", (v) => Number(v), 30),
  ).action(async (o: TeamOptions & { blobs: string; concurrency: number; lock: number }) => {
    if (!o.queue) throw new UserError('worker needs --queue redis://…');
    if (!Number.isInteger(o.concurrency) || o.concurrency < 1)
      throw new UserError('--concurrency takes a whole number ≥ 1');
    if (!(o.lock >= 1)) throw new UserError('--lock takes a number of seconds ≥ 1');
    const store = await openTeamCase(o);
    let stop: (() => void) | undefined;
    const worker = startWorker(store, {
      queueUrl: o.queue,
      caseName: o.caseName,
      blobRoot: resolve(o.blobs),
      concurrency: o.concurrency,
      lockDurationMs: o.lock * 1000,
      onCaseRemoved: () => {
        process.stderr.write(`worker: case "${o.caseName}" was removed from the database; stopping\n`);
        stop?.();
      },
    });
    // Campaign jobs (import, analyze) of the same case: one at a time in the team (campaign-worker.ts).
    const campaign = startCampaignWorker(store, {
      queueUrl: o.queue,
      databaseUrl: o.database as string,
      caseName: o.caseName,
      blobRoot: resolve(o.blobs),
      lockDurationMs: o.lock * 1000,
    });
    process.stderr.write(
      `worker: case "${o.caseName}", queue ${redactUrl(o.queue)}, blobs ${resolve(o.blobs)}\n`,
    );
    await new Promise<void>((done) => {
      let stopping = false;
      stop = () => {
        if (stopping) return;
        stopping = true;
        void Promise.all([worker.close(), campaign.close()])
          .then(() => store.close())
          .finally(done);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  });
}
