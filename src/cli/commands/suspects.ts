import type { Command } from 'commander';
import { findSuspects } from '../../suspects/index.js';
import { caseOptions } from '../common.js';
import { UserError } from '../errors.js';
import { printJson, writeText } from '../output.js';
import { suspectsText } from '../suspects-text.js';
import { databaseOptions, openReadCase, type TeamOptions } from '../team.js';

interface SuspectsCli extends TeamOptions {
  case: string;
  json?: boolean;
  limit?: string;
}

/** `leaklens suspects`: the items that may be forged, altered or edited by an outsider, best evidence first. */
export function register(program: Command): void {
  databaseOptions(
    caseOptions(
      program
        .command('suspects')
        .description(
          'e-mails and documents that may be forged, altered or edited by an outsider, ranked by strength of evidence and grouped into stories',
        )
        .option('--json', 'JSON output (keys in docs/suspects.md)')
        .option('--limit <n>', 'show at most N suspects (stories always listed whole)', '50'),
    ),
  ).action(async (o: SuspectsCli) => {
    const limit = Number(o.limit ?? '50');
    if (!Number.isInteger(limit) || limit < 1)
      throw new UserError(`--limit must be a whole number of 1 or more, not "${o.limit}"`);
    // A case directory or, with --database, a team case: the workbench's reader (/api/suspects).
    const c = await openReadCase(o);
    try {
      const r = await findSuspects(c.db);
      const shown = { ...r, suspects: r.suspects.slice(0, limit) };
      if (o.json) return printJson({ ...shown, total: r.suspects.length });
      writeText(`${suspectsText(shown, r.suspects.length, process.stdout.columns ?? 120)}\n`);
    } finally {
      await c.close();
    }
  });
}
