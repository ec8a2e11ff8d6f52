import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { findChromium, printPdf } from '../../report/pdf.js';
import { buildReport } from '../../report/report.js';
import { caseOptions, openCase } from '../common.js';
import { UserError } from '../errors.js';
import { printJson, writeText } from '../output.js';

interface ReportOpts {
  case: string;
  out?: string;
  pdf?: boolean;
  title?: string;
  json?: boolean;
}

/** `leaklens report`: one self-contained HTML file (and a PDF with --pdf) telling the findings. */
export function register(program: Command): void {
  caseOptions(
    program
      .command('report')
      .description(
        'write the case report: one self-contained HTML file with inline charts (and a PDF with --pdf)',
      )
      .option('--out <file>', 'output HTML file (default: CASE/reports/report.html)')
      .option('--pdf', 'also print it to PDF with the headless Chromium of the system')
      .option('--title <text>', 'report title', 'Investigation report')
      .option('--json', 'print where the files were written, as JSON'),
  ).action(async (opts: ReportOpts) => {
    const store = openCase(opts.case);
    try {
      const out = resolve(opts.out ?? join(store.path, 'reports', 'report.html'));
      if (opts.pdf && !findChromium()) {
        throw new UserError(
          '--pdf needs Chromium (Debian: apt-get install chromium, or set LEAKLENS_CHROMIUM=/path)',
        );
      }
      const html = await buildReport(store, { title: opts.title });
      writeFileSync(out, html);
      const pdf = opts.pdf ? out.replace(/\.html?$/i, '') + '.pdf' : null;
      if (pdf) await printPdf(html, pdf);
      if (opts.json) printJson({ html: out, pdf, bytes: Buffer.byteLength(html) });
      else writeText(`report written to ${out}${pdf ? ` and ${pdf}` : ''}\n`);
    } finally {
      store.close();
    }
  });
}
