import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { findChromium, printPdf } from '../../report/pdf.js';
import { buildReport, laptopReportCase, type ReportCase } from '../../report/report.js';
import { caseOptions } from '../common.js';
import { UserError } from '../errors.js';
import { printJson, writeText } from '../output.js';
import { databaseOptions, openReadCase, type TeamOptions } from '../team.js';

interface ReportOpts extends TeamOptions {
  case: string;
  out?: string;
  pdf?: boolean;
  title?: string;
  json?: boolean;
  blobs?: string;
}

/**
 * `leaklens report`: one self-contained HTML file (and a PDF with --pdf) telling the findings, of a
 * case directory or, with --database, of a team case (the same chapters through the case layer).
 */
export function register(program: Command): void {
  databaseOptions(
    caseOptions(
      program
        .command('report')
        .description(
          'write the case report: one self-contained HTML file with inline charts (and a PDF with --pdf)',
        )
        .option(
          '--out <file>',
          'output HTML file (default: CASE/reports/report.html; team: ./report-NAME.html)',
        )
        .option('--pdf', 'also print it to PDF with the headless Chromium of the system')
        .option('--title <text>', 'report title', 'Investigation report')
        .option('--json', 'print where the files were written, as JSON'),
    ),
  )
    .option('--blobs <dir>', 'team mode: the blob directory the workers share (holds the campaign file)')
    .action(async (opts: ReportOpts) => {
      if (opts.blobs && !opts.database)
        throw new UserError('--blobs is for a team case (--database); a case directory keeps its own');
      const blobs = opts.blobs ? resolve(opts.blobs) : undefined;
      if (blobs && !existsSync(blobs)) throw new UserError(`--blobs ${opts.blobs}: no such directory`);
      const c = await openReadCase(opts);
      try {
        // The team's campaign reader (DuckDB, BullMQ's job records) is loaded only for a team case.
        const kase: ReportCase = c.store
          ? laptopReportCase(c.store)
          : (await import('../../report/team-case.js')).teamReportCase(
              c.team as NonNullable<typeof c.team>,
              opts.caseName,
              blobs,
            );
        const out = resolve(
          opts.out ??
            (c.store
              ? join(c.store.path, 'reports', 'report.html')
              : `report-${safeName(opts.caseName)}.html`),
        );
        if (opts.pdf && !findChromium()) {
          throw new UserError(
            '--pdf needs Chromium (Debian: apt-get install chromium, or set LEAKLENS_CHROMIUM=/path)',
          );
        }
        const html = await buildReport(kase, { title: opts.title });
        writeFileSync(out, html);
        const pdf = opts.pdf ? out.replace(/\.html?$/i, '') + '.pdf' : null;
        if (pdf) await printPdf(html, pdf);
        if (opts.json) printJson({ html: out, pdf, bytes: Buffer.byteLength(html) });
        else writeText(`report written to ${out}${pdf ? ` and ${pdf}` : ''}\n`);
      } finally {
        await c.close();
      }
    });
}

const safeName = (name: string) => name.replace(/[^A-Za-z0-9_-]/g, '_');
