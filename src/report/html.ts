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

/** Collects the items a report cites, numbering each once. */
export class Refs {
  private readonly byId = new Map<string, ItemRef>();
  constructor(private readonly lookup: (id: string) => Omit<ItemRef, 'n'> | undefined) {}

  /** `[3]` linking to the appendix; unknown ids are shown plainly rather than dropped. */
  cite(id: string): string {
    let r = this.byId.get(id);
    if (!r) {
      const found = this.lookup(id);
      if (!found) return `<code>${esc(id)}</code>`;
      r = { n: this.byId.size + 1, ...found };
      this.byId.set(id, r);
    }
    return `<a class="ref" href="#ref-${r.n}">[${r.n}]</a>`;
  }

  citeAll(ids: string[], max = 12): string {
    const shown = ids.slice(0, max).map((id) => this.cite(id));
    return (
      shown.join(' ') +
      (ids.length > max ? ` <span class="muted">and ${fmt(ids.length - max)} more</span>` : '')
    );
  }

  list(): ItemRef[] {
    return [...this.byId.values()];
  }
}
