/** What staff and their software leave in a document: the fields DESIGN.md's metadata record reads back. */
export interface DocMeta {
  title: string;
  author: string;
  lastModifiedBy: string;
  /** Epoch ms. */
  created: number;
  modified: number;
  /** Minutes east of UTC of the editor's clock (Paris +60/+120, Moscow +180). */
  offsetMin: number;
  /** e.g. 'Microsoft Office Word', 'Microsoft Excel'. */
  application: string;
  /** e.g. '16.0000' (Office 2016) or '12.0000' (Office 2007). */
  appVersion: string;
  company: string;
  /** BCP 47 tag: fr-FR, ru-RU. */
  language: string;
  /** Minutes (OOXML TotalTime). */
  totalEditingMinutes: number;
  revision: number;
  /** Folder the file was saved from (Excel's absPath), or ''. */
  savedPath: string;
}

/** Local wall-clock Date for a zip entry: fflate reads local getters, so build it from local parts. */
export function zipTime(ms: number, offsetMin: number): Date {
  const d = new Date(ms + offsetMin * 60_000);
  return new Date(
    d.getUTCFullYear(),
    d.getUTCMonth(),
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
  );
}

export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
