import type { DirRecord } from '../ingest/enumerate.js';
import type { IngestRecord } from '../ingest/records.js';

/**
 * The folders of an input tree as ingest records, the rows the laptop ingest writes for them
 * (src/ingest/manager.ts `writeDirs`): a Folder item with no content, its folder row and location.
 */
export function dirRecords(dirs: readonly DirRecord[]): IngestRecord[] {
  const out: IngestRecord[] = [];
  for (const d of dirs) {
    out.push({
      t: 'item',
      id: d.id,
      kind: 'Folder',
      sha256: null,
      size: 0,
      mime: 'inode/directory',
      name: d.name,
      status: 'ok',
      provenance: d.provenance,
      parentId: d.parentId,
      // A folder belongs to no single top-level input file (the laptop ingest stores NULL too).
      source: null as unknown as string,
      folder: { format: d.format, name: d.name, entries: d.entries, warnings: [] },
    });
    out.push({ t: 'location', itemId: d.id, provenance: d.provenance, parentId: d.parentId });
  }
  return out;
}
