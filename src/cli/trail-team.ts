import { resolve } from 'node:path';
import { campaignDir } from '../team/campaign-files.js';
import { enqueueCampaignJob } from '../team/campaign-queue.js';
import { CampaignReader } from '../team/campaign-reader.js';
import { teamTrail } from '../team/trail-reader.js';
import type { TrailResult } from '../trail/trail.js';
import { type CampaignTeamOptions, follow } from './campaign-team.js';
import { UserError } from './errors.js';
import { oneLine, printJson, writeText } from './output.js';
import { openReadCase } from './team.js';

export interface TrailTeamOptions extends CampaignTeamOptions {
  case: string;
  boilerplateItems?: number;
}

/**
 * `leaklens trail --database URL --case-name NAME`: with --queue, enqueues a trail job (a campaign
 * job: the dump in PostgreSQL joined with the posts of the shared campaign file, stored in it),
 * followed with --wait; with --blobs, prints the trail the last job stored, as the laptop prints
 * the one it computes. Returns the trail to print, or null when there is nothing to print.
 */
export async function trailTeam(o: TrailTeamOptions): Promise<TrailResult | null> {
  if (!o.database)
    throw new UserError('--queue, --blobs and --wait are for a team case (--database postgres://…)');
  if (o.queue) {
    const c = await openReadCase(o); // the case must exist and answer before anything is enqueued
    await c.close();
    const options = o.boilerplateItems === undefined ? {} : { boilerplateItems: o.boilerplateItems };
    const id = await enqueueCampaignJob(
      { kind: 'trail', options },
      { queueUrl: o.queue, caseName: o.caseName },
    );
    if (!o.wait) {
      if (o.json) printJson({ caseName: o.caseName, job: id });
      else
        writeText(
          `Enqueued trail job ${id} for case "${o.caseName}"; --wait follows it, leaklens campaign status shows it.\n`,
        );
      return null;
    }
    const r = await follow(o, o.queue, id);
    if (r?.trail?.error)
      throw new UserError(`the trail could not be computed: ${r.trail.error}`, 'nothing-done');
    if (!o.blobs) {
      if (o.json) printJson({ caseName: o.caseName, job: id, trail: r?.trail ?? null });
      else
        writeText(
          `Trail job ${id} done: ${r?.trail?.items ?? 0} dump item(s) surfaced in ${r?.trail?.posts ?? 0} posts; read it with --blobs DIR.\n`,
        );
      return null;
    }
  }
  if (!o.blobs)
    throw new UserError(
      'the trail of a team case is stored in its shared blob directory: give --blobs DIR (the directory the workers use)',
    );
  const c = await openReadCase(o);
  const reader = new CampaignReader(campaignDir(resolve(o.blobs), o.caseName));
  try {
    const t = await teamTrail(reader, c.db);
    if (!t)
      throw new UserError(
        `no posts imported in team case "${o.caseName}": run "leaklens campaign import FILES --database URL --queue URL --case-name ${o.caseName} --blobs DIR" first (the trail joins the dump with imported posts)`,
        'no-case',
      );
    if ('notComputed' in t) throw new UserError(t.notComputed, 'nothing-done');
    if ('error' in t) throw new UserError(`the trail could not be computed: ${t.error}`, 'nothing-done');
    const asked = o.boilerplateItems;
    if (asked !== undefined && asked !== t.result.stats.boilerplateItems)
      throw new UserError(
        `the stored trail was computed with --boilerplate-items ${t.result.stats.boilerplateItems}: add --queue URL to compute it with ${asked}`,
      );
    if (t.stale) process.stderr.write(`leaklens trail: out of date: ${oneLine(t.stale)}\n`);
    return t.result;
  } finally {
    await reader.shutdown();
    await c.close();
  }
}
