/**
 * Ranking (docs/suspects.md): cryptographic evidence before case-level evidence before
 * heuristics; then severity; then the number of independent signals; then date and id, so the
 * order is total and the same on every run.
 */
import type { Severity } from '../model/entities.js';
import { CLASS_RANK, SEVERITY_RANK } from './signals.js';
import type { EvidenceClass, ItemFacts, Signal, Suspect } from './types.js';

/** Flags that sum up others (outside-editor reads foreign-script, -language, -timezone): they speak first. */
const SUMMARY_FLAGS = ['unsigned-from-signing-domain', 'outside-editor'];
const summary = (s: Signal) => (SUMMARY_FLAGS.includes(s.kind) ? 0 : 1);

/** The strongest signal first: class, then severity, then verdicts and summary flags before the rest. */
export function strongestFirst(a: Signal, b: Signal): number {
  return (
    CLASS_RANK[b.class] - CLASS_RANK[a.class] ||
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    (a.source === b.source ? 0 : a.source === 'verdict' ? -1 : 1) ||
    summary(a) - summary(b) ||
    a.kind.localeCompare(b.kind)
  );
}

export function scoreOf(cls: EvidenceClass, severity: Severity, signals: number): number {
  return CLASS_RANK[cls] * 100 + SEVERITY_RANK[severity] * 10 + Math.min(signals, 9);
}

/** A suspect from an item with at least one signal, or null. */
export function toSuspect(item: ItemFacts): Omit<Suspect, 'rank' | 'story'> | null {
  if (!item.signals.length) return null;
  const evidence = [...item.signals].sort(strongestFirst);
  const top = evidence[0] as Signal;
  const kinds = new Set(evidence.map((s) => s.kind)).size;
  const others = evidence.length - 1;
  return {
    id: item.id,
    kind: item.kind,
    title: item.title,
    date: item.date,
    people: item.people,
    verdict: item.verdict,
    finding: top.kind,
    class: top.class,
    severity: top.severity,
    signals: kinds,
    score: scoreOf(top.class, top.severity, kinds),
    reason: others ? `${top.message} (+${others} more signal${others > 1 ? 's' : ''})` : top.message,
    evidence,
    messageId: item.messageId,
    sha256: item.sha256,
    carriedBy: item.carriedBy,
    carries: item.carries,
    url: `/item/${encodeURIComponent(item.id)}`,
  };
}

/** Every item that is a suspect, best first, numbered from 1. */
export function rankSuspects(items: ItemFacts[]): Suspect[] {
  return items
    .map(toSuspect)
    .filter((s): s is Omit<Suspect, 'rank' | 'story'> => s !== null)
    .sort(
      (a, b) => b.score - a.score || (a.date ?? '9').localeCompare(b.date ?? '9') || a.id.localeCompare(b.id),
    )
    .map((s, i) => ({ ...s, rank: i + 1, story: null }));
}
