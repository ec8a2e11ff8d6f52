import type { Command } from 'commander';
import { AuditLog } from '../../accounts/audit.js';
import { caseOptions, wholeNumber } from '../common.js';
import { printJson, table, writeText } from '../output.js';
import { databaseOptions, openCaseDb, type TeamOptions } from '../team.js';

interface Opts extends TeamOptions {
  case: string;
  json?: boolean;
  user?: string;
  action?: string;
  target?: string;
  limit: number;
}

/** `leaklens audit`: who opened, searched, exported or annotated what, newest first. */
export function register(program: Command): void {
  databaseOptions(
    caseOptions(
      program
        .command('audit')
        .description('show the audit log of the workbench: who opened, searched, exported or annotated what')
        .option('--user <name>', 'only this user')
        .option('--action <action>', 'only this action (open, search, export, annotate, login, …)')
        .option('--target <id>', 'only this item, blob, query or user')
        .option('--limit <n>', 'newest entries shown', wholeNumber('--limit', 1), 100)
        .option('--json', 'JSON output'),
    ),
  ).action(async (o: Opts) => {
    const c = await openCaseDb(o);
    try {
      const rows = await new AuditLog(c.db).list({
        user: o.user,
        action: o.action,
        target: o.target,
        limit: o.limit,
      });
      if (o.json) return printJson(rows);
      if (!rows.length) return writeText('No audit entries.\n');
      writeText(
        `${table(
          ['time', 'user', 'action', 'target', 'detail', 'address'],
          rows.map((r) => [r.at, r.user, r.action, r.target, r.detail, r.address]),
        )}\n`,
      );
    } finally {
      await c.close();
    }
  });
}
