/**
 * Forensics that need the whole dump: a Date time zone a sender never otherwise uses, replies
 * dated before the message they answer (both read the `emails` table the ingest wrote), and
 * unsigned mail from a domain that signs (signing-domain.ts, reads the verdicts just written).
 */
import { CASE_EMAIL_HEADERS } from '../case/sql/verify.js';
import type { SqlDb } from '../case/sql-db.js';
import { zoneOffset } from './mail-time.js';
import { readDomainVerdicts, signingDomainFlags } from './signing-domain.js';
import type { ForensicFlag } from './types.js';

/** A sender needs this many dated messages before one zone can be called unusual. */
export const MIN_SENDER_MESSAGES = 5;
/** A zone used by less than this share of a sender's messages is unusual. */
export const RARE_ZONE_SHARE = 0.1;
/** Clocks of different senders drift: a reply may look this much older than its parent. */
export const REPLY_SKEW_MINUTES = 5;

interface Row {
  id: string;
  message_id: string | null;
  in_reply_to: string | null;
  refs: string | null;
  from_addr: string | null;
  date: string | null;
  date_raw: string | null;
}

export async function caseFlags(db: SqlDb): Promise<{ itemId: string; flag: ForensicFlag }[]> {
  const rows = await db.all<Row>(CASE_EMAIL_HEADERS);
  return [...timezoneFlags(rows), ...replyFlags(rows), ...signingDomainFlags(await readDomainVerdicts(db))];
}

const fmtZone = (m: number) =>
  `${m < 0 ? '-' : '+'}${String(Math.floor(Math.abs(m) / 60)).padStart(2, '0')}${String(Math.abs(m) % 60).padStart(2, '0')}`;

/**
 * Daylight saving moves a sender's zone by an hour twice a year, so zones are compared within a
 * season: summer (April to September) and winter (November to February). March and October
 * straddle the changes and are not judged.
 */
function season(iso: string | null): 'summer' | 'winter' | null {
  const m = iso ? new Date(iso).getUTCMonth() : Number.NaN;
  if (Number.isNaN(m) || m === 2 || m === 9) return null;
  return m >= 3 && m <= 8 ? 'summer' : 'winter';
}

export function timezoneFlags(rows: Row[]): { itemId: string; flag: ForensicFlag }[] {
  const groups = new Map<string, { id: string; zone: number; dateRaw: string }[]>();
  for (const r of rows) {
    const zone = zoneOffset(r.date_raw);
    const s = season(r.date);
    if (!r.from_addr || zone === null || !r.date_raw || !s) continue;
    const key = `${r.from_addr.toLowerCase()}\0${s}`;
    const list = groups.get(key) ?? [];
    list.push({ id: r.id, zone, dateRaw: r.date_raw });
    groups.set(key, list);
  }
  const out: { itemId: string; flag: ForensicFlag }[] = [];
  for (const [key, list] of groups) {
    if (list.length < MIN_SENDER_MESSAGES) continue;
    const [sender, s] = key.split('\0');
    const tally = new Map<number, number>();
    for (const m of list) tally.set(m.zone, (tally.get(m.zone) ?? 0) + 1);
    const zones = Object.fromEntries([...tally].sort((a, b) => b[1] - a[1]).map(([z, n]) => [fmtZone(z), n]));
    for (const m of list) {
      const n = tally.get(m.zone) ?? 0;
      // One odd message among many, or a small minority: the sender is normally elsewhere.
      if (n > 1 && n / list.length >= RARE_ZONE_SHARE) continue;
      if (n === list.length) continue;
      out.push({
        itemId: m.id,
        flag: {
          kind: 'timezone-inconsistent',
          severity: 'medium',
          message: `${sender} wrote this Date in zone ${fmtZone(m.zone)}, used in only ${n} of their ${list.length} ${s}-time messages in the dump.`,
          evidence: {
            sender,
            zone: fmtZone(m.zone),
            date: m.dateRaw,
            season: s,
            senderMessages: list.length,
            senderZones: zones,
          },
        },
      });
    }
  }
  return out;
}

function parentIds(r: Row): string[] {
  let refs: unknown = [];
  try {
    refs = JSON.parse(r.refs ?? '[]');
  } catch {
    refs = [];
  }
  const list = Array.isArray(refs) ? refs.filter((x): x is string => typeof x === 'string') : [];
  return [...new Set([...(r.in_reply_to ? [r.in_reply_to] : []), ...list])];
}

export function replyFlags(rows: Row[]): { itemId: string; flag: ForensicFlag }[] {
  const byMessageId = new Map<string, Row[]>();
  for (const r of rows) {
    if (!r.message_id) continue;
    const list = byMessageId.get(r.message_id) ?? [];
    list.push(r);
    byMessageId.set(r.message_id, list);
  }
  const out: { itemId: string; flag: ForensicFlag }[] = [];
  for (const r of rows) {
    const replyAt = r.date ? Date.parse(r.date) : Number.NaN;
    if (Number.isNaN(replyAt)) continue;
    const later = parentIds(r)
      .flatMap((pid) => (byMessageId.get(pid) ?? []).map((p) => ({ pid, p })))
      .filter(
        ({ p }) => p.id !== r.id && p.date && Date.parse(p.date) - replyAt > REPLY_SKEW_MINUTES * 60_000,
      );
    if (!later.length) continue;
    out.push({
      itemId: r.id,
      flag: {
        kind: 'reply-before-parent',
        severity: 'high',
        message: `This message answers or references ${later.length} message(s) in the dump dated after it.`,
        evidence: {
          date: r.date,
          parents: later.map(({ pid, p }) => ({
            messageId: pid,
            itemId: p.id,
            date: p.date,
            minutesLater: Math.round((Date.parse(p.date ?? '') - replyAt) / 60_000),
          })),
          toleranceMinutes: REPLY_SKEW_MINUTES,
        },
      },
    });
  }
  return out;
}
