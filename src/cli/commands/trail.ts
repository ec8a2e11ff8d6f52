import type { Command } from 'commander';
import { platformName } from '../../trail/platforms.js';
import { computeTrail, type TrailResult } from '../../trail/trail.js';
import { createProgress } from '../../util/progress.js';
import { campaignTeamOptions } from '../campaign-team.js';
import { caseOptions, wholeNumber } from '../common.js';
import { formatTime, oneLine, printJson, table, writeText } from '../output.js';
import type { TrailTeamOptions } from '../trail-team.js';

/** Items listed by the human output; `--json` lists them all. */
const TOP_ITEMS = 10;

export function register(program: Command): void {
  campaignTeamOptions(
    caseOptions(
      program
        .command('trail')
        .description(
          'How the leak travelled: which dump files surfaced in which posts (same hash or name, a perceptual-hash match, a quoted run of 12+ words, a link), first on which platform, and who carried them across',
        )
        .option('--json', 'JSON output: firstSeen, handoffs, items, summary, stats')
        .option(
          '--boilerplate-items <n>',
          'a run of words found in more dump items than this is boilerplate, not a quote (default: 3 or 0.5% of the dump)',
          wholeNumber('--boilerplate-items', 1),
        )
        .addHelpText(
          'after',
          '\nNeeds a case with a dump ("leaklens ingest") and posts ("leaklens campaign import").\nEvery link is printed with its evidence; see docs/trail.md.\nTeam case: --queue URL computes it as a job (--wait follows it), --blobs DIR prints the one stored (docs/team.md).\n',
        ),
    ),
  ).action(async (o: TrailTeamOptions) => {
    if (o.database || o.queue || o.blobs || o.wait) {
      // The team's modules (BullMQ, the campaign reader) are loaded only for a team case.
      const { trailTeam } = await import('../trail-team.js');
      const t = await trailTeam(o);
      if (!t) return;
      if (o.json) return printJson(t);
      return writeText(render(t));
    }
    const steps = ['reading the dump', 'matching files', 'matching quotes', 'matching links'];
    const bar = createProgress({ label: 'trail', total: steps.length, unit: 'steps', silent: o.json });
    let started = false;
    const t = await computeTrail(o.case, {
      boilerplateItems: o.boilerplateItems,
      onStep: () => {
        if (started) bar.tick();
        started = true;
      },
    }).finally(() => bar.stop());
    if (o.json) return printJson(t);
    writeText(render(t));
  });
}

function render(t: TrailResult): string {
  const out: string[] = [...t.summary, ''];
  if (t.firstSeen.length) {
    out.push('First seen, per platform:');
    out.push(
      table(
        ['platform', 'time (UTC)', 'by', 'via', 'post'],
        t.firstSeen.map((f) => [
          platformName(f.platform),
          formatTime(f.time),
          f.handle ? `@${f.handle}` : '—',
          f.via,
          f.postId,
        ]),
      ),
      '',
    );
  }
  if (t.handoffs.length) {
    out.push('Hand-offs:');
    for (const h of t.handoffs) {
      out.push(
        `  ${platformName(h.fromPlatform)} → ${platformName(h.toPlatform)}  ${formatTime(h.time)}  ${h.postId}`,
      );
      for (const e of h.evidence) out.push(`      ${oneLine(e.detail)}`);
    }
    out.push('');
  }
  if (t.items.length) {
    out.push(`Dump items that surfaced (${t.items.length}; most carried first):`);
    for (const it of t.items.slice(0, TOP_ITEMS)) {
      out.push(
        `  ${oneLine(it.title).slice(0, 80)}  [${it.kind}, ${it.itemId}]  ${it.posts} post(s), ${it.accounts} account(s) on ${it.platforms.map(platformName).join(', ')}; first ${formatTime(it.first.time)} on ${platformName(it.first.platform)}`,
      );
      for (const e of it.evidence.slice(0, 3)) out.push(`      ${oneLine(e.detail).slice(0, 200)}`);
    }
    if (t.items.length > TOP_ITEMS)
      out.push(`  … and ${t.items.length - TOP_ITEMS} more (--json lists them all)`);
  }
  return `${out.join('\n')}\n`;
}
