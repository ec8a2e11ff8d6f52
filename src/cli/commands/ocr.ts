import type { Command } from 'commander';
import { availableLangs } from '../../ocr/lang-data.js';
import { runOcr } from '../../ocr/stage.js';
import { runStages } from '../../pipeline/all-stages.js';
import { caseOptions, openCase, wholeNumber } from '../common.js';
import { UserError } from '../errors.js';
import { printJson, writeText } from '../output.js';

/** `--lang fra,eng` or `--lang fra+eng`: tesseract codes this machine has a model for. */
function parseLangs(v: string): string[] {
  const langs = v
    .split(/[,+\s]+/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const have = availableLangs();
  const missing = langs.filter((l) => !have.includes(l));
  if (!langs.length || missing.length)
    throw new UserError(
      `--lang ${v}: no OCR model for ${missing.join(', ') || 'an empty list'} on this machine (available: ${have.join(', ')}; Russian needs Debian's tesseract-ocr-rus)`,
    );
  return langs;
}

export function register(program: Command): void {
  caseOptions(
    program
      .command('ocr')
      .description(
        'Read the text of images, scanned PDF pages and pictures in Office files (OCR), then triage it; resumes where a stopped run left off',
      )
      .option(
        '--lang <codes>',
        "tesseract languages, e.g. fra,eng (default: the case's languages, English and French)",
        parseLangs,
      )
      .option('--again', 'read every image and scanned page again, not only those not read yet')
      .option('--threads <n>', 'OCR threads (default: number of cores)', wholeNumber('--threads', 1))
      .option('--json', 'print the summary as JSON'),
  ).action(
    async (o: { case: string; lang?: string[]; again?: boolean; threads?: number; json?: boolean }) => {
      const store = openCase(o.case);
      try {
        const ocr = await runOcr(store, {
          langs: o.lang,
          again: o.again,
          threads: o.threads,
          silent: o.json,
        });
        // New text must be triaged (entities, document types, sensitive content) like any other.
        const after = ocr.counts.chars ? await runStages(store, { only: ['triage'], silent: o.json }) : [];
        const stages = [ocr, ...after];
        if (o.json) {
          printJson({ stages });
          return;
        }
        writeText(`${stages.map((s) => `${s.stage}: ${s.summary}`).join('\n')}\n`);
      } finally {
        store.close();
      }
    },
  );
}
