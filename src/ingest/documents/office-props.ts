import type { DocumentMetadata } from '../../model/entities.js';
import { normIso } from './dates.js';
import { assertNoDtd, attr, decodeXml, flatElements } from './xml.js';

/**
 * OOXML property parts (ECMA-376 Part 2 §11 core properties; Part 1 §22.2 extended "app"
 * properties; §22.3 custom properties) mapped onto the shared field dictionary.
 */
export function coreProps(xml: string): DocumentMetadata {
  assertNoDtd(xml, 'docProps/core.xml');
  const e = flatElements(xml);
  return {
    title: e.title,
    subject: e.subject,
    description: e.description,
    keywords: e.keywords,
    author: e.creator,
    lastModifiedBy: e.lastModifiedBy,
    created: normIso(e.created),
    modified: normIso(e.modified),
    printed: normIso(e.lastPrinted),
    revision: e.revision,
    language: e.language,
    category: e.category,
  };
}

/** Extended properties. TotalTime is in minutes (§22.2.2.27); the dictionary wants seconds. */
export function appProps(xml: string): DocumentMetadata {
  assertNoDtd(xml, 'docProps/app.xml');
  const e = flatElements(xml);
  const num = (s: string | undefined) => (s && /^\d+$/.test(s.trim()) ? Number(s) : undefined);
  const minutes = num(e.TotalTime);
  return {
    application: e.Application,
    appVersion: e.AppVersion,
    company: e.Company,
    manager: e.Manager,
    template: e.Template,
    totalEditingTime: minutes === undefined ? undefined : minutes * 60,
    pages: num(e.Pages) ?? num(e.Slides),
    words: num(e.Words),
    characters: num(e.Characters),
  };
}

/** Custom properties: `<property name="…"><vt:lpwstr>…</vt:lpwstr></property>`. */
export function customProps(xml: string): Record<string, string | number | boolean> {
  assertNoDtd(xml, 'docProps/custom.xml');
  const out: Record<string, string | number | boolean> = {};
  const re = /<(?:\w+:)?property\b([^>]*)>\s*<(?:\w+:)?(\w+)>([^<]*)<\/(?:\w+:)?\w+>/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const name = attr(m[1] ?? '', 'name');
    if (!name) continue;
    out[name] = typedValue(m[2] ?? '', decodeXml(m[3] ?? ''));
  }
  return out;
}

/** Variant types of ECMA-376 Part 1 §22.4 (docPropsVTypes). */
export function typedValue(type: string, v: string): string | number | boolean {
  if (/^(i[1248]|ui[1248]|int|uint|r4|r8|decimal)$/.test(type)) {
    const n = Number(v);
    return Number.isFinite(n) ? n : v;
  }
  if (type === 'bool') return v === 'true' || v === '1';
  if (type === 'filetime' || type === 'date') return normIso(v) ?? v;
  return v;
}

/** Target of Word's attached-template relationship (often `file:///C:\Users\<name>\…`). */
export function attachedTemplate(relsXml: string): string | undefined {
  assertNoDtd(relsXml, 'word/_rels/settings.xml.rels');
  const m = /<Relationship\b[^>]*attachedTemplate[^>]*>/.exec(relsXml);
  const target = m ? attr(m[0], 'Target') : undefined;
  return target ? decodeURIComponentSafe(target.replace(/^file:\/\/\/?/, '')) : undefined;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
