import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { evaluate, readTruth, reportRows } from '../../demo/eval.js';
import { UserError } from '../errors.js';
import { printJson, table, writeText } from '../output.js';

export function register(program: Command): void {
  program
    .command('eval')
    .description(
      'Compare what leaklens found in a demo case with its truth.json: precision and recall per planted kind',
    )
    .requiredOption('--truth <file>', 'truth.json written by "leaklens demo"')
    .option('--case <dir>', 'case directory (default: case/ beside truth.json)')
    .option('--json', 'JSON output')
    .action(async (o: { truth: string; case?: string; json?: boolean }) => {
      if (!existsSync(o.truth)) throw new UserError(`no truth file at ${o.truth}: run "leaklens demo" first`);
      let truth: ReturnType<typeof readTruth>;
      try {
        truth = readTruth(o.truth);
      } catch (err) {
        throw new UserError((err as Error).message);
      }
      const caseDir = o.case ?? join(dirname(o.truth), 'case');
      if (!existsSync(join(caseDir, 'case.sqlite')))
        throw new UserError(`no case at ${caseDir}: run "leaklens demo" (or pass --case)`);
      const r = await evaluate(truth, caseDir);
      if (o.json) {
        printJson(r);
        return;
      }
      const out = [
        table(
          ['area', 'kind', 'planted', 'detected', 'predicted', 'precision', 'recall', 'not in case'],
          reportRows(r),
        ),
      ];
      out.push(
        '',
        `Authentic e-mails called forged by any rule: ${r.emails.authenticFlaggedForged.length} of ${r.emails.authentic} (benign re-encodings: ${r.emails.benignFlaggedForged.length} of ${r.emails.benign}).`,
      );
      const s = r.social;
      if (s) {
        out.push(
          `Seed post: expected @${s.seed.expected.account} ${s.seed.expected.repostsWithin1Min}/${s.seed.expected.repostsWithin5Min} reposts in 1/5 min; found ${s.seed.found ? `@${s.seed.found.account} ${s.seed.found.within1m}/${s.seed.found.within5m}` : 'none'} (${s.seed.match ? 'match' : 'MISMATCH'}).`,
          `Milestones matching to the second: ${s.milestones.filter((m) => m.match).length} of ${s.milestones.length}. Top amplifier: expected @${s.amplifier.expected}, found @${s.amplifier.found ?? '–'}.`,
          `Language shares off by at most ${(s.languages.maxDiff * 100).toFixed(2)} points; country shares by ${(s.countries.maxDiff * 100).toFixed(2)} points.`,
        );
      }
      const t = r.trail;
      if (t)
        out.push(
          `Trail: first seen in order ${t.order.expected.join(' → ')} expected, ${t.order.found.join(' → ') || 'nothing'} found (${t.order.match ? 'match' : 'MISMATCH'}).`,
          ...t.missed.map((m) => `  missed item link: ${m}`),
          ...t.extra.map((m) => `  item link not planted: ${m}`),
        );
      writeText(`${out.join('\n')}\n`);
    });
}
