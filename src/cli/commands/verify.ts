import type { Command } from 'commander';
import { SqliteDb } from '../../case/sqlite-db.js';
import { getItem } from '../../search/item.js';
import { resolveItemId } from '../../search/resolve-id.js';
import { migrateVerdicts, verifyCase } from '../../verify/case.js';
import { messagesWithVerdict } from '../../verify/queries.js';
import { summarizeVerdicts } from '../../verify/summary.js';
import { VERDICTS, type Verdict } from '../../verify/types.js';
import { caseOptions, openCase } from '../common.js';
import { UserError } from '../errors.js';
import { changeLines, flagLines, terminalSafe, verdictLines } from '../item-text.js';
import { formatTime, printJson, table, writeText } from '../output.js';
import { verifyTeam } from '../stages-team.js';
import { type TeamOptions, teamOptions } from '../team.js';

interface VerifyCli extends Partial<TeamOptions> {
  wait?: boolean;
  case: string;
  json?: boolean;
  dns?: boolean;
  dateTolerance?: string;
  summaryOnly?: boolean;
  list?: string;
  item?: string;
}

/** `leaklens verify`: a verdict with evidence and the forensic flags for every e-mail of the case. */
export function register(program: Command): void {
  const verify = caseOptions(
    program
      .command('verify')
      .description(
        'DKIM/ARC verdict and header forensics for every e-mail, offline, with the case key archive',
      )
      .option('--json', 'JSON output')
      .option('--dns', 'allow live DNS lookups for selectors missing from the archive (answers are archived)')
      .option('--date-tolerance <minutes>', 'Date vs first Received tolerance', '120')
      .option('--summary-only', 'print the summary of the last run without verifying again')
      .option(
        '--item <id>',
        'print the verdict, evidence and flags of one e-mail (no new run; a unique id prefix is enough)',
      )
      .option('--list <verdict>', `list the messages with this verdict (${VERDICTS.join(', ')})`),
  );
  teamOptions(verify).option(
    '--wait',
    'team mode: wait until the workers have verified every e-mail and run the case-wide pass',
  );
  verify.action(async (o: VerifyCli) => {
    const tolerance = Number(o.dateTolerance ?? '120');
    if (!Number.isFinite(tolerance) || tolerance < 0)
      throw new UserError(`--date-tolerance must be a number of minutes, not "${o.dateTolerance}"`);
    if (o.database || o.queue) {
      if (o.dns || o.item || o.list || o.summaryOnly)
        throw new UserError(
          'team verify (--database, --queue) runs offline on the archived keys; --dns, --item, --list and --summary-only are for a case directory',
        );
      return verifyTeam({
        ...(o as TeamOptions),
        wait: o.wait,
        json: o.json,
        dateToleranceMinutes: tolerance,
      });
    }
    if (o.list && !VERDICTS.includes(o.list as Verdict))
      throw new UserError(`unknown verdict "${o.list}": one of ${VERDICTS.join(', ')}`);
    const store = openCase(o.case);
    try {
      // Awaited here: the store closes in `finally`.
      if (o.item) return await printItem(store, o.item, o.json);
      const run =
        o.summaryOnly || o.list
          ? null
          : await verifyCase(store, { dns: o.dns, silent: o.json, dateToleranceMinutes: tolerance });
      if (o.list) return printList(store, o.list as Verdict, o.json);
      const summary = await summarizeVerdicts(new SqliteDb(store.db));
      if (o.json) return printJson({ run, ...summary });
      const out = [...summary.sentences, ''];
      out.push(
        table(
          ['verdict', 'messages'],
          VERDICTS.map((v) => [v, summary.counts[v]]),
        ),
      );
      if (summary.table.rows.length) out.push('', table(summary.table.headers, summary.table.rows));
      if (summary.failing.length) {
        out.push(
          '',
          'Messages that fail:',
          table(
            ['item', 'verdict', 'from', 'subject', 'why'],
            summary.failing.slice(0, 50).map((f) => [f.itemId, f.verdict, f.from, f.subject, f.reason]),
          ),
        );
        if (summary.failing.length > 50)
          out.push(
            `… ${summary.failing.length - 50} more ("leaklens verify --list VERDICT --summary-only").`,
          );
      }
      if (run?.failures)
        out.push('', `${run.failures} message(s) could not be verified: "leaklens errors" lists them.`);
      writeText(`${out.join('\n')}\n`);
    } finally {
      store.close();
    }
  });
}

function printList(store: ReturnType<typeof openCase>, verdict: Verdict, json?: boolean): void {
  const rows = messagesWithVerdict(store, verdict);
  if (json) {
    printJson(rows);
    return;
  }
  writeText(
    `${table(
      ['item', 'date', 'from', 'subject', 'why'],
      rows.map((r) => [r.itemId, formatTime(r.date), r.from, r.subject, r.reason]),
    )}\n`,
  );
}

/** One e-mail's verdict and flags, read through the one item reader (as `show` and the workbench). */
async function printItem(store: ReturnType<typeof openCase>, typed: string, json?: boolean): Promise<void> {
  migrateVerdicts(store);
  // A prefix is enough, as for show and export; unknown or ambiguous ids are refused by name.
  const id = resolveItemId(store, typed, 'e-mail');
  const item = await getItem(new SqliteDb(store.db), id);
  const v = item?.verdict;
  if (!item || !v)
    throw new UserError(
      `no verdict for item ${typed}: run "leaklens verify" first, or check the id ("leaklens search")`,
    );
  if (json) {
    printJson({
      itemId: id,
      verdict: v.verdict,
      reason: v.reason,
      asOf: v.asOf,
      signatures: v.signatures,
      arc: v.arc,
      flags: item.flags,
      change: item.change,
    });
    return;
  }
  writeText(
    terminalSafe(`${[id, ...verdictLines(item), ...flagLines(item), ...changeLines(item)].join('\n')}\n`),
  );
}
