/**
 * The dump-level summary of authenticity: sentences a journalist can quote, each number computed
 * from the `verdicts` and `flags` tables, and a table per signing domain and selector.
 */
import { byCodePoint } from '../case/has-table.js';
import type { SqlDb } from '../case/sql-db.js';
import { sentences } from './summary-text.js';
import type { SignatureEvidence, Verdict } from './types.js';
import { VERDICTS } from './types.js';

export interface DomainRow {
  domain: string;
  selector: string;
  messages: number;
  verdicts: Partial<Record<Verdict, number>>;
}

export interface FailingMessage {
  itemId: string;
  verdict: Verdict;
  reason: string;
  subject: string | null;
  from: string | null;
}

export interface VerdictSummary {
  messages: number;
  counts: Record<Verdict, number>;
  bodyAltered: { reEncoded: number; appended: number; changed: number };
  arc: Record<string, number>;
  flags: Record<string, number>;
  domains: DomainRow[];
  failing: FailingMessage[];
  sentences: string[];
  table: { headers: string[]; rows: (string | number)[][] };
}

const FAILING: Verdict[] = ['body-altered', 'signature-invalid', 'weak-key'];

/**
 * Read through the case layer: a laptop case and a team case give the same summary.
 * @example (await summarizeVerdicts(db)).sentences[0] // '21,075 e-mails were checked. 19,880 (94.3%) …'
 */
export async function summarizeVerdicts(db: SqlDb): Promise<VerdictSummary> {
  const rows = (await db.all(
    `SELECT v.item_id, v.verdict, v.reason, v.signatures_json, v.arc_json, e.subject, e.from_addr
       FROM verdicts v LEFT JOIN emails e ON e.id = v.item_id ORDER BY ${byCodePoint(db, 'v.item_id')}`,
  )) as {
    item_id: string;
    verdict: Verdict;
    reason: string;
    signatures_json: string;
    arc_json: string | null;
    subject: string | null;
    from_addr: string | null;
  }[];
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  const bodyAltered = { reEncoded: 0, appended: 0, changed: 0 };
  const arc: Record<string, number> = {};
  const domains = new Map<string, DomainRow>();
  const failing: FailingMessage[] = [];
  for (const r of rows) {
    counts[r.verdict]++;
    const sigs = JSON.parse(r.signatures_json) as SignatureEvidence[];
    if (r.verdict === 'body-altered') bodyAltered[diagnosisOf(sigs)]++;
    const arcResult = r.arc_json ? (JSON.parse(r.arc_json) as { result: string }).result : 'none';
    if (arcResult !== 'none') arc[arcResult] = (arc[arcResult] ?? 0) + 1;
    for (const s of sigs) {
      const key = `${s.domain}\0${s.selector}`;
      const d = domains.get(key) ?? { domain: s.domain, selector: s.selector, messages: 0, verdicts: {} };
      d.messages++;
      d.verdicts[s.verdict] = (d.verdicts[s.verdict] ?? 0) + 1;
      domains.set(key, d);
    }
    if (FAILING.includes(r.verdict))
      failing.push({
        itemId: r.item_id,
        verdict: r.verdict,
        reason: r.reason,
        subject: r.subject,
        from: r.from_addr,
      });
  }
  const flags = await flagCounts(db);
  const domainRows = [...domains.values()].sort(
    (a, b) => b.messages - a.messages || a.domain.localeCompare(b.domain),
  );
  const base = { messages: rows.length, counts, bodyAltered, arc, flags, domains: domainRows, failing };
  return { ...base, sentences: await sentences(base, db), table: tableOf(domainRows) };
}

function diagnosisOf(sigs: SignatureEvidence[]): 'reEncoded' | 'appended' | 'changed' {
  const d = sigs.find((s) => s.verdict === 'body-altered');
  if (d?.bodyDiagnosis?.diagnosis === 're-encoded-in-transit') return 'reEncoded';
  if (
    d?.bodyDiagnosis?.diagnosis === 'content-appended' ||
    (d && d.bytesPastLimit > 0 && d.bodyResult === 'pass')
  )
    return 'appended';
  return 'changed';
}

async function flagCounts(db: SqlDb): Promise<Record<string, number>> {
  const rows = await db.all<{ kind: string; n: number }>(
    `SELECT kind, count(*) AS n FROM flags WHERE stage = 'verify' GROUP BY kind ORDER BY ${byCodePoint(db, 'kind')}`,
  );
  return Object.fromEntries(rows.map((r) => [r.kind, r.n]));
}

function tableOf(rows: DomainRow[]): VerdictSummary['table'] {
  const headers = ['domain', 'selector', 'messages', ...VERDICTS.filter((v) => v !== 'unsigned')];
  return {
    headers,
    rows: rows.map((r) => [
      r.domain,
      r.selector,
      r.messages,
      ...VERDICTS.filter((v) => v !== 'unsigned').map((v) => r.verdicts[v] ?? 0),
    ]),
  };
}
