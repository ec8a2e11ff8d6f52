import { randomBytes } from 'node:crypto';

/** HTML helpers of the report: everything interpolated goes through `esc`. */
export function esc(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

export const fmt = (n: number | null | undefined): string =>
  typeof n === 'number' ? n.toLocaleString('en-US') : '';

export const pct = (part: number, whole: number): string =>
  whole ? `${((100 * part) / whole).toFixed(1)}%` : '0%';

/** A table; cells are escaped unless passed as `{ html }` (already-built markup such as a reference). */
export function htmlTable(
  headers: string[],
  rows: (string | number | null | undefined | { html: string })[][],
): string {
  const cell = (c: unknown) =>
    c && typeof c === 'object' && 'html' in c ? String((c as { html: string }).html) : esc(c);
  return `<table><thead><tr>${headers.map((x) => `<th>${esc(x)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${cell(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

/** One reference to an item of the case: a numbered anchor into the report's appendix. */
export interface ItemRef {
  n: number;
  id: string;
  title: string;
  provenance: string;
  sha256: string | null;
}

/** What the appendix shows of a cited item, looked up in the case. */
export type RefLookup = (ids: string[]) => Promise<Map<string, Omit<ItemRef, 'n'>>>;

/**
 * Collects the items a report cites, numbering each once, in the order first cited. Chapters cite
 * while they build their markup, but the case is read asynchronously (a team case is on
 * PostgreSQL): `cite` leaves a mark, and `resolve` looks every cited item up at once and puts the
 * numbers in. The mark holds a random key of the report, so text of the dump cannot forge one.
 */
export class Refs {
  private readonly cited: string[] = [];
  private readonly index = new Map<string, number>();
  private readonly key = randomBytes(8).toString('hex');
  private found: ItemRef[] = [];

  constructor(private readonly lookup: RefLookup) {}

  /** `[3]` linking to the appendix (after `resolve`); unknown ids are shown plainly rather than dropped. */
  cite(id: string): string {
    let k = this.index.get(id);
    if (k === undefined) {
      k = this.cited.length;
      this.cited.push(id);
      this.index.set(id, k);
    }
    return `\u0001${this.key}:${k}\u0001`;
  }

  citeAll(ids: string[], max = 12): string {
    const shown = ids.slice(0, max).map((id) => this.cite(id));
    return (
      shown.join(' ') +
      (ids.length > max ? ` <span class="muted">and ${fmt(ids.length - max)} more</span>` : '')
    );
  }

  /** Looks the cited items up and replaces each mark in `html` by its number (or the plain id). */
  async resolve(html: string): Promise<string> {
    const rows = await this.lookup(this.cited);
    const refs: (ItemRef | undefined)[] = [];
    this.found = [];
    for (const id of this.cited) {
      const row = rows.get(id);
      const r = row ? { n: this.found.length + 1, ...row } : undefined;
      if (r) this.found.push(r);
      refs.push(r);
    }
    const mark = new RegExp(`\u0001${this.key}:(\\d+)\u0001`, 'g');
    return html.replace(mark, (_m, k: string) => {
      const r = refs[Number(k)];
      return r
        ? `<a class="ref" href="#ref-${r.n}">[${r.n}]</a>`
        : `<code>${esc(this.cited[Number(k)])}</code>`;
    });
  }

  /** The cited items found in the case, numbered (after `resolve`). */
  list(): ItemRef[] {
    return this.found;
  }
}
