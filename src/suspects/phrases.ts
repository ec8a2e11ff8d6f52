/** Findings as short noun phrases, for story sentences and for telling findings apart. */
import type { Suspect } from './types.js';

/** A short noun phrase per finding, for story sentences. */
export const FINDING_PHRASE: Record<string, string> = {
  'unsigned-from-signing-domain': 'unsigned although their domain signs its mail',
  'body-altered': 'text changed after signing',
  'signature-invalid': 'signed headers changed',
  'content-past-l': 'text appended past the signed length',
  'outside-editor': 'edited outside the organisation',
  'edit-burst': 'saved in one burst by one editor',
  'modified-after-email': 'modified after the e-mail carrying them',
};

/** The finding as a phrase; text appended past a signature reads differently from text changed. */
export function findingPhrase(s: Suspect): string {
  if (s.finding === 'body-altered' && s.evidence[0]?.evidence.diagnosis === 'content-appended')
    return 'text appended after signing';
  return FINDING_PHRASE[s.finding] ?? s.finding;
}
