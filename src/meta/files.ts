import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Expands the paths given on the command line: files as given, directories walked recursively
 * (like `exiftool -r`) in sorted order, hidden entries skipped. Missing paths are returned in
 * `missing` so the command can report them without stopping.
 */
export function expandPaths(paths: string[]): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = (p: string, depth: number) => {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(p);
    } catch {
      missing.push(p);
      return;
    }
    if (st.isFile()) files.push(p);
    else if (st.isDirectory() && depth < 64) {
      for (const name of readdirSync(p).sort()) if (!name.startsWith('.')) walk(join(p, name), depth + 1);
    }
  };
  for (const p of paths) walk(p, 0);
  return { files, missing };
}
