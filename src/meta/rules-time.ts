import {
  BURST_MIN_DOCS,
  BURST_WINDOW_MS,
  type DocRow,
  hasZone,
  type OutlierFlag,
  t,
} from './rules-common.js';
import { userInPath } from './script.js';

/** When and how: dates against each other and the carrying e-mail, editing time, bursts, profile paths. */
export function dateFlags(docs: DocRow[]): OutlierFlag[] {
  const out: OutlierFlag[] = [];
  for (const d of docs) {
    const m = d.metadata;
    const created = t(m.created);
    const modified = t(m.modified);
    if (
      created !== undefined &&
      modified !== undefined &&
      hasZone(m.created) === hasZone(m.modified) &&
      created - modified > 60_000
    ) {
      out.push({
        itemId: d.id,
        kind: 'created-after-modified',
        severity: 'medium',
        message: `created ${m.created}, after its last modification ${m.modified}`,
        evidence: { created: m.created, modified: m.modified },
      });
    }
    const sent = t(d.emailDate ?? undefined);
    // A zone-less local time can be up to 14 h off UTC; with a zone, 5 minutes of clock skew.
    const slack = hasZone(m.modified) ? 5 * 60_000 : 14 * 3_600_000;
    if (modified !== undefined && sent !== undefined && modified - sent > slack) {
      out.push({
        itemId: d.id,
        kind: 'modified-after-email',
        severity: 'high',
        message: `last modified ${m.modified}, after the e-mail carrying it was sent (${d.emailDate})`,
        evidence: { modified: m.modified, emailDate: d.emailDate, slackMinutes: slack / 60_000 },
      });
    }
    const edit = m.totalEditingTime;
    if (typeof edit === 'number') {
      const chars = m.characters ?? d.textLength;
      const span =
        created !== undefined && modified !== undefined && hasZone(m.created) === hasZone(m.modified)
          ? (modified - created) / 1000
          : undefined;
      if (chars >= 3000 && edit < 60) {
        out.push({
          itemId: d.id,
          kind: 'implausible-editing-time',
          severity: 'low',
          message: `${chars} characters written in ${edit} s of editing: pasted or generated`,
          evidence: { totalEditingTime: edit, characters: chars },
        });
      } else if (span !== undefined && span >= 0 && edit > span + 3600) {
        out.push({
          itemId: d.id,
          kind: 'implausible-editing-time',
          severity: 'medium',
          message: `${edit} s of editing in a document that existed for ${Math.round(span)} s`,
          evidence: { totalEditingTime: edit, lifetimeSeconds: Math.round(span) },
        });
      }
    }
  }
  return out;
}

/**
 * Several documents last edited by one editor who is not their author, within a few minutes: the
 * pattern of someone preparing a batch of files for a dump.
 */
export function burstFlags(docs: DocRow[]): OutlierFlag[] {
  // The editor is the last one to save; formats without a last editor (PDF) name only the author.
  const byEditor = new Map<string, { d: DocRow; at: number; outside: boolean }[]>();
  for (const d of docs) {
    const ed = d.metadata.lastModifiedBy ?? d.metadata.author;
    const at = t(d.metadata.modified);
    if (!ed || at === undefined) continue;
    const outside =
      !!d.metadata.lastModifiedBy && !!d.metadata.author && d.metadata.lastModifiedBy !== d.metadata.author;
    byEditor.set(ed, [...(byEditor.get(ed) ?? []), { d, at, outside }]);
  }
  const out: OutlierFlag[] = [];
  for (const [editor, list] of byEditor) {
    list.sort((a, b) => a.at - b.at);
    let i = 0;
    for (let j = 0; j < list.length; j++) {
      while (list[j]!.at - list[i]!.at > BURST_WINDOW_MS) i++;
      const group = list.slice(i, j + 1);
      const next = list[j + 1];
      // Only maximal groups, and only when the editor saved someone else's documents: a person
      // saving their own files in a row is ordinary work.
      if (group.length < BURST_MIN_DOCS || (next && next.at - group[0]!.at <= BURST_WINDOW_MS)) continue;
      if (!group.some((g) => g.outside)) continue;
      const minutes = Math.round((group[group.length - 1]!.at - group[0]!.at) / 60_000);
      for (const g of group) {
        out.push({
          itemId: g.d.id,
          kind: 'edit-burst',
          severity: 'high',
          message: `one of ${group.length} documents last edited by "${editor}" within ${minutes} min`,
          evidence: {
            editor,
            documents: group.length,
            from: group[0]!.d.metadata.modified,
            to: group[group.length - 1]!.d.metadata.modified,
            items: group.map((x) => x.d.id),
          },
        });
      }
    }
  }
  return out;
}

export function pathFlags(docs: DocRow[]): OutlierFlag[] {
  const out: OutlierFlag[] = [];
  for (const d of docs) {
    const m = d.metadata;
    const paths = [m.templatePath as string | undefined, m.template, ...(m.savedBy ?? []).map((s) => s.path)];
    for (const p of new Set(paths.filter((x): x is string => !!x))) {
      const user = userInPath(p);
      if (!user) continue;
      out.push({
        itemId: d.id,
        kind: 'username-in-path',
        severity: 'low',
        message: `the path ${p} names the Windows/Unix user "${user}"`,
        evidence: { path: p, user },
      });
    }
  }
  return out;
}
