import type { DocRow, OutlierFlag } from './rules-common.js';
import { outsideEditorFlags } from './rules-outside.js';
import { applicationFlags, languageFlags, scriptFlags, timezoneFlags } from './rules-profile.js';
import { burstFlags, dateFlags, pathFlags } from './rules-time.js';

/**
 * Outlier rules over a dump's documents (issue 5, "Outlier flags"), re-exported from their files:
 * rules-common.ts (types, majorities), rules-profile.ts (script, language, time zone,
 * application), rules-time.ts (dates, editing time, bursts, paths).
 */
export * from './rules-common.js';
export {
  applicationFlags,
  burstFlags,
  dateFlags,
  languageFlags,
  outsideEditorFlags,
  pathFlags,
  scriptFlags,
  timezoneFlags,
};

/** Every rule; `mailLanguages` are the languages of the organisation's e-mails (see languageFlags). */
export function allFlags(docs: DocRow[], mailLanguages: Set<string> = new Set()): OutlierFlag[] {
  const flags = [
    ...scriptFlags(docs),
    ...languageFlags(docs, mailLanguages),
    ...[timezoneFlags, applicationFlags, dateFlags, burstFlags, pathFlags].flatMap((f) => f(docs)),
  ];
  // Drawn from the flags above: the editor traces of one document, read together.
  return [...flags, ...outsideEditorFlags(docs, flags)];
}
