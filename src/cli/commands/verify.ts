import type { Command } from 'commander';
import { migrateVerdicts, verifyCase } from '../../verify/case.js';
import { summarizeVerdicts } from '../../verify/summary.js';
import { type SignatureEvidence, VERDICTS, type Verdict } from '../../verify/types.js';
import { caseOptions, openCase } from '../common.js';
import { UserError } from '../errors.js';
import { printJson, table, writeText } from '../output.js';

interface VerifyCli {
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
  caseOptions(
    program
      .command('verify')
      .description(
        'DKIM/ARC verdict and header forensics for every e-mail, offline, with the case key archive',
      )
      .option('--json', 'JSON output')
      .option('--dns', 'allow live DNS lookups for selectors missing from the archive (answers are archived)')
      .option('--date-tolerance <minutes>', 'Date vs first Received tolerance', '120')
      .option('--summary-only', 'print the summary of the last run without verifying again')
      .option('--item <id>', 'print the verdict, evidence and flags of one e-mail (no new run)')
      .option('--list <verdict>', `list the messages with this verdict (${VERDICTS.join(', ')})`),
  ).action(async (o: VerifyCli) => {
    const tolerance = Number(o.dateTolerance ?? '120');
    if (!Number.isFinite(tolerance) || tolerance < 0)
      throw new UserError(`--date-tolerance must be a number of minutes, not "${o.dateTolerance}"`);
    if (o.list && !VERDICTS.includes(o.list as Verdict))
      throw new UserError(`unknown verdict "${o.list}": one of ${VERDICTS.join(', ')}`);
    const store = openCase(o.case);
    try {
      if (o.item) return printItem(store, o.item, o.json);
      const run =
        o.summaryOnly || o.list
          ? null
          : await verifyCase(store, { dns: o.dns, silent: o.json, dateToleranceMinutes: tolerance });
      if (o.list) return printList(store, o.list as Verdict, o.json);
      const summary = summarizeVerdicts(store);
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
  const rows = store.db
    .prepare(
      `SELECT v.item_id AS itemId, v.reason, v.signing_domains AS signingDomains, v.as_of AS asOf, e.from_addr AS "from", e.subject, e.date
       FROM verdicts v LEFT JOIN emails e ON e.id = v.item_id WHERE v.verdict = ? ORDER BY e.date, v.item_id`,
    )
    .all(verdict) as Record<string, string | null>[];
  if (json) {
    printJson(rows);
    return;
  }
  writeText(
    `${table(
      ['item', 'date', 'from', 'subject', 'why'],
      rows.map((r) => [r.itemId, r.date, r.from, r.subject, r.reason]),
    )}\n`,
  );
}

function printItem(store: ReturnType<typeof openCase>, id: string, json?: boolean): void {
  migrateVerdicts(store);
  const row = store.db.prepare('SELECT * FROM verdicts WHERE item_id = ?').get(id) as
    | {
        verdict: string;
        reason: string;
        signatures_json: string;
        arc_json: string | null;
        as_of: string | null;
      }
    | undefined;
  if (!row)
    throw new UserError(
      `no verdict for item ${id}: run "leaklens verify" first, or check the id ("leaklens search")`,
    );
  const flags = store.db
    .prepare(
      `SELECT kind, severity, message, evidence_json FROM flags WHERE item_id = ? AND stage = 'verify' ORDER BY kind`,
    )
    .all(id) as { kind: string; severity: string; message: string; evidence_json: string }[];
  const signatures = JSON.parse(row.signatures_json) as SignatureEvidence[];
  const out = {
    itemId: id,
    verdict: row.verdict,
    reason: row.reason,
    asOf: row.as_of,
    signatures,
    arc: row.arc_json ? (JSON.parse(row.arc_json) as unknown) : null,
    flags: flags.map((f) => ({
      kind: f.kind,
      severity: f.severity,
      message: f.message,
      evidence: JSON.parse(f.evidence_json) as unknown,
    })),
  };
  if (json) {
    printJson(out);
    return;
  }
  const lines = [`${id}: ${row.verdict}`, row.reason, `as of ${row.as_of ?? 'unknown time'}`];
  for (const s of signatures) {
    const key = s.keyBits
      ? `${s.keyType} ${s.keyBits}-bit from ${s.keySource?.source}`
      : (s.keyError ?? 'none');
    const l = s.bodyLength !== null ? ` l=${s.bodyLength}` : '';
    lines.push(
      `  d=${s.domain} s=${s.selector} a=${s.algorithm} c=${s.canonicalization}${l}: header ${s.headerResult}, body ${s.bodyResult}, key ${key} -> ${s.verdict}`,
    );
  }
  for (const f of out.flags) lines.push(`  flag ${f.kind} (${f.severity}): ${f.message}`);
  writeText(`${lines.join('\n')}\n`);
}
