import type { Command } from 'commander';
import type { MetaRecord } from '../../meta/engine.js';
import { expandPaths } from '../../meta/files.js';
import { createProgress } from '../../util/progress.js';
import { UserError } from '../errors.js';
import { oneLine, writeText } from '../output.js';

/** `leaklens meta FILE...`: metadata and text facts of loose files, no case needed. */
export function register(program: Command): void {
  program
    .command('meta')
    .description(
      'Read document metadata (author, editor, dates, application, GPS …) from files, like exiftool; no case needed',
    )
    .argument('<paths...>', 'files or directories (directories are walked recursively)')
    .option('--json', 'JSON array, one record per file and per embedded child')
    .option('--text', 'include the extracted text')
    .option('--no-children', 'do not descend into attachments, archive entries or PST messages')
    .action(async (paths: string[], opts: { json?: boolean; text?: boolean; children?: boolean }) => {
      // Loaded here, not at CLI start: the ingestors pull in exifr, cfb, pst-extractor, msgreader …
      const { metaOfFiles } = await import('../../meta/run.js');
      const { files, missing } = expandPaths(paths);
      for (const m of missing) process.stderr.write(`leaklens: ${m}: no such file or directory\n`);
      if (!files.length) throw new UserError('no readable files among the paths given');
      const progress = createProgress({
        label: 'meta',
        total: files.length,
        unit: 'files',
        silent: opts.json !== true,
      });
      let first = true;
      if (opts.json) process.stdout.write('[');
      for await (const recs of metaOfFiles(files, {
        withText: opts.text,
        noChildren: opts.children === false,
      })) {
        for (const r of recs) {
          if (opts.json) {
            process.stdout.write(`${first ? '\n' : ',\n'}${JSON.stringify(r)}`);
            first = false;
          } else writeText(human(r));
        }
        progress.tick();
      }
      progress.stop();
      if (opts.json) process.stdout.write('\n]\n');
      if (missing.length) process.exitCode = 1;
    });
}

function human(r: MetaRecord): string {
  // Names and values are leaked data: one line each (a newline in a file name would forge a line).
  const lines = [`── ${oneLine(r.provenance)}`];
  const row = (k: string, v: unknown) => {
    if (v === undefined || v === null || v === '') return;
    lines.push(`${oneLine(k).padEnd(18)} ${oneLine(typeof v === 'object' ? JSON.stringify(v) : String(v))}`);
  };
  row('type', `${r.kind}${r.mime ? ` (${r.mime})` : ''}`);
  if (r.failure)
    row(r.status === 'failed' ? 'FAILED' : 'partial', `${r.failure.reason}: ${r.failure.message}`);
  for (const [k, v] of Object.entries(r.metadata)) row(k, v);
  if (r.email) for (const [k, v] of Object.entries(r.email)) row(k, Array.isArray(v) ? v.join(', ') : v);
  if (r.folder) row('entries', r.folder.entries);
  row('language', r.language);
  if (r.textLength) row('text', `${r.textLength} characters`);
  for (const w of r.warnings) row('warning', w);
  return `${lines.join('\n')}\n\n`;
}
