/**
 * Subject normalisation for threading and grouping. Mail clients prefix replies and forwards in
 * the user's language (RFC 5322 §3.6.5 only suggests "Re: "); Outlook in French writes "RE :" and
 * "TR :", German Outlook "AW:" and "WG:", and people stack them ("Re: TR: RE : Fwd: ...").
 */

/** Reply/forward prefixes seen in FR/EN/DE/ES/IT/NL/PT/Nordic clients, matched case-insensitively. */
const PREFIXES = [
  're',
  'fw',
  'fwd',
  'tr',
  'ref',
  'rép',
  'rep',
  'aw',
  'wg',
  'sv',
  'vs',
  'antw',
  'doorst',
  'rif',
  'r',
  'i',
  'enc',
  'rv',
  'res',
  'odp',
  'pd',
  'fs',
  'vb',
];

// A prefix, an optional counter ("Re[2]:", "Re(3):", "Re^2:"), optional spaces (French typography
// puts a space before the colon) and a colon; or a bracketed list tag like "[pole-web]".
const PREFIX_RE = new RegExp(
  `^\\s*(?:(?:${PREFIXES.join('|')})\\s*(?:\\[\\d+\\]|\\(\\d+\\)|\\^\\d+)?\\s*[:：]|\\[[^\\]]{1,40}\\])\\s*`,
  'iu',
);

/**
 * Strips every leading reply/forward prefix and list tag, collapses white space.
 * @example stripSubject('RE : TR: Fwd: [team] Réunion  lundi') // 'Réunion lundi'
 */
export function stripSubject(subject: string | null | undefined): string {
  let s = (subject ?? '').replace(/\s+/g, ' ').trim();
  for (let i = 0; i < 20; i++) {
    const next = s.replace(PREFIX_RE, '');
    if (next === s) break;
    s = next;
  }
  // Trailing "(fwd)" from old Pine/Elm clients.
  return s.replace(/\s*\(fwd\)\s*$/i, '').trim();
}

const REPLY_PREFIX_RE = new RegExp(
  `^\\s*(?:${PREFIXES.join('|')})\\s*(?:\\[\\d+\\]|\\(\\d+\\)|\\^\\d+)?\\s*[:：]`,
  'iu',
);

/**
 * True when the subject carried at least one reply/forward prefix (a reply-ish message), before or
 * after list tags. A list tag alone ("[PATCH v2 1/4] …", "[team] …") is not a reply: resent patch
 * series were joined by subject through it.
 */
export function isReplySubject(subject: string | null | undefined): boolean {
  let s = (subject ?? '').replace(/\s+/g, ' ').trim();
  for (let i = 0; i < 20; i++) {
    if (REPLY_PREFIX_RE.test(s)) return true;
    const next = s.replace(PREFIX_RE, '');
    if (next === s) break;
    s = next;
  }
  return /\(fwd\)\s*$/i.test(s);
}

/**
 * Key used to group messages by subject: stripped, lower-case, accents folded.
 * @example subjectKey('Re: Réunion') === subjectKey('REUNION') // true
 */
export function subjectKey(subject: string | null | undefined): string {
  return stripSubject(subject)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}
