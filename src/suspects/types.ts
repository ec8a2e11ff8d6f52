/**
 * Types of the suspects engine (docs/suspects.md): the items whose verdict or flags say they may
 * be forged, altered or edited by an outsider, ranked, and the stories that link them. The JSON
 * keys are a stable output (`leaklens suspects --json`, `/api/suspects`).
 */
import type { Severity } from '../model/entities.js';

/**
 * How strong a kind of evidence is: a signature proves (cryptographic); a comparison with the rest
 * of the dump shows a break in a pattern (case); a rule on the item alone can misfire (heuristic).
 */
export type EvidenceClass = 'cryptographic' | 'case' | 'heuristic';

/** One verdict or flag behind a suspect. */
export interface Signal {
  source: 'verdict' | 'flag';
  kind: string;
  severity: Severity;
  class: EvidenceClass;
  message: string;
  evidence: Record<string, unknown>;
}

/** What the reader hands the pure functions: one item with everything said about it. */
export interface ItemFacts {
  id: string;
  kind: 'email' | 'document';
  title: string | null;
  date: string | null;
  people: string[];
  messageId: string | null;
  sha256: string | null;
  verdict: string | null;
  signals: Signal[];
  /** E-mails carrying this document (documents only). */
  carriedBy: string[];
  /** Documents this e-mail carries (e-mails only). */
  carries: string[];
  /** First Received hop's client host or IP, when it is rare in the dump (≤ RARE_ORIGIN messages). */
  rareOrigin: string | null;
  /** X-Mailer or User-Agent, when rare in the dump (≤ RARE_ORIGIN messages) and shared by suspects. */
  rareClient: string | null;
  /** The editor named by a document's outside-editor or edit-burst flag. */
  editor: string | null;
}

export interface Suspect {
  rank: number;
  id: string;
  kind: 'email' | 'document';
  title: string | null;
  date: string | null;
  people: string[];
  verdict: string | null;
  /** The kind (verdict or flag) of the strongest signal. */
  finding: string;
  class: EvidenceClass;
  severity: Severity;
  /** Distinct verdicts and flag kinds behind it. */
  signals: number;
  /** class × 100 + severity × 10 + min(signals, 9): the order of the list. */
  score: number;
  reason: string;
  evidence: Signal[];
  messageId: string | null;
  sha256: string | null;
  carriedBy: string[];
  carries: string[];
  story: number | null;
  url: string;
}

export type LinkKind =
  | 'carried-document'
  | 'same-editor'
  | 'same-person'
  | 'same-finding'
  | 'same-origin'
  | 'same-client';

export interface Story {
  id: number;
  sentence: string;
  items: string[];
  emails: number;
  documents: number;
  from: string | null;
  to: string | null;
  links: { kind: LinkKind; detail: string; items: [string, string] }[];
  /** The best-ranked item's score: stories are ordered by it. */
  score: number;
}

export interface SuspectsResult {
  suspects: Suspect[];
  stories: Story[];
  counts: { emails: number; documents: number; byFinding: Record<string, number> };
}
