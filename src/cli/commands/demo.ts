import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { SqliteDb } from '../../case/sqlite-db.js';
import { DemoDirError, type DemoSize, EMAIL_TARGET, generateDemo } from '../../demo/generate.js';
import { analyseDemo } from '../../demo/run-analyses.js';
import { Store } from '../../store/store.js';
import { caseHeadlines } from '../../suspects/index.js';
import { createProgress, type Progress } from '../../util/progress.js';
import { UserError } from '../errors.js';
import { formatCount, printJson, writeText } from '../output.js';

interface DemoOpts {
  size: string;
  seed: string;
  out: string;
  analyze: boolean;
  json?: boolean;
}

/** Progress bars for the two generation phases, on stderr. */
function phases(silent: boolean) {
  const bars = new Map<string, { bar: Progress; last: number }>();
  return {
    tick(phase: 'mail' | 'posts', done: number, total: number) {
      let b = bars.get(phase);
      if (!b) {
        const unit = phase === 'mail' ? 'e-mails' : 'posts';
        b = { bar: createProgress({ label: unit, total, unit, silent }), last: 0 };
        bars.set(phase, b);
      }
      b.bar.tick(done - b.last);
      b.last = done;
    },
    stop() {
      for (const b of bars.values()) b.bar.stop();
    },
  };
}

export function register(program: Command): void {
  program
    .command('demo')
    .description('Generate a fictional leak-and-amplify case with known truth, then run every analysis on it')
    .option(
      '--size <size>',
      `small (${EMAIL_TARGET.small} e-mails, ~20,000 posts) or full (${formatCount(EMAIL_TARGET.full)} e-mails, ~350,000 posts)`,
      'small',
    )
    .option('--seed <n>', 'generator seed: the same seed gives byte-identical files', '2017')
    .option('--out <dir>', 'where to write dump/, keys/, social/, truth.json and case/', './leaklens-demo')
    .option('--no-analyze', 'only generate the files')
    .option('--json', 'print truth summary and analysis as JSON')
    .action(async (o: DemoOpts) => {
      if (o.size !== 'small' && o.size !== 'full')
        throw new UserError(`--size must be small or full, not "${o.size}"`);
      const seed = Number(o.seed);
      if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
        throw new UserError(`--seed must be an integer from 0 to 4294967295, not "${o.seed}"`);
      const dir = resolve(o.out);
      const bars = phases(!!o.json);
      let truth: Awaited<ReturnType<typeof generateDemo>>;
      try {
        truth = await generateDemo(dir, { size: o.size as DemoSize, seed, progress: bars.tick });
      } catch (err) {
        if (err instanceof DemoDirError) throw new UserError(err.message);
        throw err;
      } finally {
        bars.stop();
      }
      const analysis = o.analyze ? await analyseDemo(dir, truth, { silent: !!o.json }) : null;
      if (o.json) {
        printJson({
          dir,
          truth: {
            emails: truth.dump.emails,
            planted: truth.emails.length,
            documents: truth.documents.length,
            posts: truth.social?.posts ?? 0,
          },
          analysis,
        });
        return;
      }
      const lines = [
        `Generated ${formatCount(truth.dump.emails)} e-mails from ${truth.dump.mailboxes.length} mailboxes and ${formatCount(truth.social?.posts ?? 0)} posts into ${dir} (seed ${seed}).`,
        `Planted: ${truth.emails.filter((e) => e.kind !== 'benign-reencoding').length} forged or altered e-mails, ${truth.documents.length} documents edited by an outsider, ${truth.duplicates.exact.length + truth.duplicates.near.length} duplicate groups (see truth.json).`,
      ];
      if (analysis) {
        lines.push(
          '',
          `Ingested ${formatCount(analysis.ingest.totals.emails)} e-mails and ${formatCount(analysis.ingest.totals.documents)} documents (${formatCount(analysis.ingest.totals.failures)} failures).`,
        );
        for (const s of analysis.stages) lines.push(`${s.stage}: ${s.summary}`);
        if (analysis.campaign) lines.push('', ...analysis.campaign.summary);
        lines.push('', ...(await headlineLines(analysis.caseDir, analysis.trail?.summary[0])));
      }
      const c = join(o.out, 'case');
      lines.push(
        '',
        'Next:',
        `  leaklens suspects --case ${c}                     what may be forged, altered or edited by an outsider, and why`,
        `  leaklens eval --truth ${join(o.out, 'truth.json')} --case ${c}   precision and recall per planted kind`,
        `  leaklens overview --case ${c}                     what the dump holds`,
        `  leaklens verify --case ${c}                       authenticity verdicts`,
        `  leaklens search --case ${c} "virement"            full-text search`,
        `  leaklens campaign analyze --case ${c}             the amplification`,
        `  leaklens trail --case ${c}                        how the leak travelled: first seen, hand-offs, items`,
        `  leaklens report --case ${c}                       an HTML report of the findings`,
        `  leaklens serve --case ${c}                        the workbench on http://127.0.0.1:8765`,
      );
      writeText(`${lines.join('\n')}\n`);
    });
}

/** The headline findings of the analysed demo (src/suspects/headlines.ts), each with its command. */
async function headlineLines(caseDir: string, trailSentence?: string): Promise<string[]> {
  const store = Store.open(caseDir);
  try {
    const list = await caseHeadlines(new SqliteDb(store.db));
    // How the leak travelled (issue #14): the trail's first sentence, after the dump's findings.
    const all = [...list, ...(trailSentence ? [{ sentence: trailSentence, command: 'leaklens trail' }] : [])];
    if (!all.length) return [];
    return [
      'Headline findings:',
      ...all.flatMap((h, i) => [`${i + 1}. ${h.sentence}`, `   → ${h.command} --case ${caseDir}`]),
    ];
  } finally {
    store.close();
  }
}
