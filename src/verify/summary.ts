/**
 * The dump-level summary of authenticity: sentences a journalist can quote, each number computed
 * from the `verdicts` and `flags` tables, and a table per signing domain and selector.
 */
import type { Store } from '../store/store.js';
import { migrateVerdicts } from './case.js';
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
 * @example summarizeVerdicts(store).sentences[0] // '21,075 e-mails were checked. 19,880 (94.3%) …'
 */
export function summarizeVerdicts(store: Store): VerdictSummary {
  migrateVerdicts(store);
  const rows = store.db
    .prepare(
      `SELECT v.item_id, v.verdict, v.reason, v.signatures_json, v.arc_json, e.subject, e.from_addr
       FROM verdicts v LEFT JOIN emails e ON e.id = v.item_id ORDER BY v.item_id`,
    )
    .all() as {
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
  const flags = flagCounts(store);
  const domainRows = [...domains.values()].sort(
    (a, b) => b.messages - a.messages || a.domain.localeCompare(b.domain),
  );
  const base = { messages: rows.length, counts, bodyAltered, arc, flags, domains: domainRows, failing };
  return { ...base, sentences: sentences(base, store), table: tableOf(domainRows) };
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

function flagCounts(store: Store): Record<string, number> {
  const rows = store.db
    .prepare(`SELECT kind, count(*) AS n FROM flags WHERE stage = 'verify' GROUP BY kind ORDER BY kind`)
    .all() as { kind: string; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.kind, r.n]));
}

const n = (x: number) => x.toLocaleString('en-US');
const pct = (x: number, of: number) => (of ? `${((100 * x) / of).toFixed(1)}%` : '0%');
const plural = (x: number, one: string, many: string) => `${n(x)} ${x === 1 ? one : many}`;

function sentences(s: Omit<VerdictSummary, 'sentences' | 'table'>, store: Store): string[] {
  const c = s.counts;
  const total = s.messages;
  if (!total) return ['No e-mail has been verified yet: run "leaklens verify".'];
  const ok = c.verified + c['verified-third-party'];
  const out = [
    `${plural(total, 'e-mail was', 'e-mails were')} checked. ${n(ok)} (${pct(ok, total)}) ${ok === 1 ? 'carries' : 'carry'} a DKIM signature that verifies with the key the domain published at the time` +
      (c['verified-third-party']
        ? ` (${n(c['verified-third-party'])} signed by a list or mail service rather than the sender's domain).`
        : '.'),
  ];
  const failed = c['body-altered'] + c['signature-invalid'];
  if (failed) {
    const b = s.bodyAltered;
    const parts = [
      b.reEncoded
        ? `${n(b.reEncoded)} ${b.reEncoded === 1 ? 'was' : 'were'} re-encoded in transit (harmless)`
        : '',
      b.appended ? `${n(b.appended)} had text appended after signing` : '',
      b.changed ? `${n(b.changed)} had ${b.changed === 1 ? 'its' : 'their'} text changed after signing` : '',
      c['signature-invalid']
        ? `${n(c['signature-invalid'])} ${c['signature-invalid'] === 1 ? 'has' : 'have'} signed headers that no longer match, or a forged signature`
        : '',
    ].filter(Boolean);
    out.push(`${n(failed)} fail: ${parts.join('; ')}.`);
  }
  if (c['weak-key'])
    out.push(
      `${plural(c['weak-key'], 'message verifies', 'messages verify')} only with an RSA key under 1,024 bits, which proves nothing.`,
    );
  if (c['key-unavailable'])
    out.push(
      `${plural(c['key-unavailable'], 'signed message', 'signed messages')} could not be checked because no key for the selector is archived; add one with "leaklens keys add".`,
    );
  if (c.unsigned) {
    const backwards = unsignedWithFlag(store, 'received-out-of-order');
    out.push(
      `${plural(c.unsigned, 'message is', 'messages are')} unsigned${backwards ? `, among them ${n(backwards)} with Received chains that run backwards in time` : ''}.`,
    );
  }
  const f = s.flags;
  const notes = [
    f['duplicate-header']
      ? `${n(f['duplicate-header'])} duplicated From/Subject/Date/To/Message-ID headers`
      : '',
    f['content-past-l'] ? `${n(f['content-past-l'])} signatures with content past their l= limit` : '',
    f['reply-before-parent']
      ? `${n(f['reply-before-parent'])} replies dated before the message they answer`
      : '',
    f['timezone-inconsistent']
      ? `${n(f['timezone-inconsistent'])} Date time zones unusual for their sender`
      : '',
    f['message-id-mismatch'] || f['boundary-mismatch']
      ? `${n((f['message-id-mismatch'] ?? 0) + (f['boundary-mismatch'] ?? 0))} Message-ID or boundary formats that do not match the client claimed`
      : '',
  ].filter(Boolean);
  if (notes.length)
    out.push(`Header forensics found ${notes.join(', ')} ("leaklens search flag:KIND" lists them).`);
  return out;
}

function unsignedWithFlag(store: Store, kind: string): number {
  const row = store.db
    .prepare(
      `SELECT count(DISTINCT f.item_id) AS n FROM flags f JOIN verdicts v ON v.item_id = f.item_id WHERE f.kind = ? AND f.stage = 'verify' AND v.verdict = 'unsigned'`,
    )
    .get(kind) as { n: number };
  return row.n;
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
