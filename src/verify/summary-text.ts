/** The quotable sentences of the authenticity summary; every number comes from the tables. */
import type { SqlDb } from '../case/sql-db.js';
import type { VerdictSummary } from './summary.js';

const n = (x: number) => x.toLocaleString('en-US');
const pct = (x: number, of: number) => (of ? `${((100 * x) / of).toFixed(1)}%` : '0%');
const plural = (x: number, one: string, many: string) => `${n(x)} ${x === 1 ? one : many}`;

export async function sentences(
  s: Omit<VerdictSummary, 'sentences' | 'table'>,
  db: SqlDb,
): Promise<string[]> {
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
    const backwards = await unsignedWithFlag(db, 'received-out-of-order');
    out.push(
      `${plural(c.unsigned, 'message is', 'messages are')} unsigned${backwards ? `, among them ${n(backwards)} with Received chains that run backwards in time` : ''}.`,
    );
  }
  out.push(...(await signingDomainSentences(db)));
  const arcTotal = Object.values(s.arc).reduce((a, b) => a + b, 0);
  if (arcTotal) {
    const failedArc = s.arc.fail ?? 0;
    out.push(
      `${plural(arcTotal, 'message carries', 'messages carry')} an ARC chain (RFC 8617) added by forwarding servers: ${n(s.arc.pass ?? 0)} pass${failedArc ? `, ${n(failedArc)} fail` : ''}.`,
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

async function unsignedWithFlag(db: SqlDb, kind: string): Promise<number> {
  const row = await db.get<{ n: number }>(
    `SELECT count(DISTINCT f.item_id) AS n FROM flags f JOIN verdicts v ON v.item_id = f.item_id WHERE f.kind = ? AND f.stage = 'verify' AND v.verdict = 'unsigned'`,
    [kind],
  );
  return Number(row?.n ?? 0);
}

/** One sentence per domain with unsigned mail although it signs (flag unsigned-from-signing-domain). */
async function signingDomainSentences(db: SqlDb): Promise<string[]> {
  const rows = await db.all<{ evidence_json: string }>(
    `SELECT evidence_json FROM flags WHERE kind = 'unsigned-from-signing-domain' AND stage = 'verify'`,
  );
  const byDomain = new Map<string, { n: number; verified: number; total: number }>();
  for (const r of rows) {
    const e = JSON.parse(r.evidence_json) as { domain: string; verified: number; total: number };
    const d = byDomain.get(e.domain) ?? { n: 0, verified: e.verified, total: e.total };
    d.n++;
    byDomain.set(e.domain, d);
  }
  return [...byDomain]
    .sort((a, b) => b[1].n - a[1].n || a[0].localeCompare(b[0]))
    .map(
      ([domain, d]) =>
        `${plural(d.n, 'unsigned message claims', 'unsigned messages claim')} to come from ${domain}, which signs ${n(d.verified)} of its ${n(d.total)} messages in this dump (${pct(d.verified, d.total)}): ${d.n === 1 ? 'it may be' : 'they may be'} fabricated ("leaklens search flag:unsigned-from-signing-domain").`,
    );
}
