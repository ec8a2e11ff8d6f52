import sevenZipImport, { type SevenZipModule, type SevenZipModuleFactory } from '7z-wasm';

// 7z-wasm is a UMD (CommonJS) module typed as an ES default export: under NodeNext the default
// import is module.exports itself, which is the factory; accept either shape.
const SevenZip = ((sevenZipImport as unknown as { default?: SevenZipModuleFactory }).default ??
  sevenZipImport) as unknown as SevenZipModuleFactory;

/** One 7-Zip (7zz 24.09, compiled to WASM) instance with an in-memory file system and captured output. */
export interface SevenZipSession {
  fs: SevenZipModule['FS'];
  /** Runs a 7zz command; returns its exit code and the lines it printed. */
  run(args: string[]): RunResult;
}

export interface RunResult {
  code: number;
  out: string[];
  err: string[];
}

/** The WASM build does not always report 7-Zip's exit code: any error line also counts as failure. */
export function failed(r: RunResult): boolean {
  return r.code !== 0 || r.err.some((l) => l.trim() !== '');
}

/** 7-Zip's error lines in one string (a bare number is an aborted WASM call, said in words). */
export function errorText(r: RunResult): string {
  const lines = r.err.map((l) => l.trim()).filter(Boolean);
  if (lines.length && lines.every((l) => /^\d+$/.test(l))) return '7-Zip aborted';
  return lines.join(' ') || (r.code ? `7-Zip exit code ${r.code}` : '');
}

/**
 * A fresh 7-Zip instance per archive: its WASM memory (which never shrinks) is released with it,
 * and no file of one archive can be seen while reading another. Nothing is downloaded: the WASM
 * binary ships inside the 7z-wasm package.
 * @example const s = await openSevenZip(); s.fs.writeFile('/in', bytes); s.run(['l', '-slt', '/in']);
 */
export async function openSevenZip(): Promise<SevenZipSession> {
  let out: string[] = [];
  let err: string[] = [];
  let exit = 0;
  const mod = await SevenZip({
    print: (s: string) => out.push(s),
    printErr: (s: string) => err.push(s),
    onExit: (code: number) => {
      exit = code;
    },
  });
  return {
    fs: mod.FS,
    run(args) {
      out = [];
      err = [];
      exit = 0;
      // Emscripten's Node exit hook writes 7-Zip's exit status into process.exitCode; an archive
      // with a bad entry must not make leaklens itself exit non-zero.
      const saved = process.exitCode;
      try {
        mod.callMain(args);
      } catch (e) {
        const status = (e as { status?: number }).status;
        exit = typeof status === 'number' ? status : 2;
        if (typeof status !== 'number') err.push(String((e as Error)?.message ?? e));
      } finally {
        process.exitCode = saved;
      }
      return { code: exit, out, err };
    },
  };
}

/** One record of `7zz l -slt`: the `Key = Value` lines of an entry. */
export interface ListedEntry {
  path: string;
  isDir: boolean;
  size: number;
  encrypted: boolean;
}

/** Parses `7zz l -slt -ba` output: records separated by blank lines, each starting with `Path = `. */
export function parseListing(lines: string[]): ListedEntry[] {
  const entries: ListedEntry[] = [];
  let rec: Record<string, string> | null = null;
  const flush = () => {
    if (rec && rec.Path !== undefined) {
      entries.push({
        path: rec.Path,
        isDir: rec.Folder === '+' || /^D/.test(rec.Attributes ?? ''),
        size: Number(rec.Size) || 0,
        encrypted: rec.Encrypted === '+',
      });
    }
    rec = null;
  };
  for (const raw of lines.flatMap((l) => l.split('\n'))) {
    const line = raw.replace(/^.*\r/, '');
    const m = /^([A-Za-z][A-Za-z ]*?) = (.*)$/.exec(line);
    if (!m) {
      if (line.trim() === '') flush();
      continue;
    }
    if (m[1] === 'Path') {
      flush();
      rec = {};
    }
    if (rec) rec[m[1]!] = m[2]!;
  }
  flush();
  return entries;
}

/** Short machine reason for 7-Zip's error lines. */
export function reasonOf(messages: string[]): string {
  const text = messages.join(' ');
  if (/wrong password|encrypted/i.test(text)) return 'encrypted';
  if (/unexpected end|truncated|there are some data after the end/i.test(text)) return 'truncated';
  if (/can ?not open .* as archive|is not archive/i.test(text)) return 'corrupt';
  return 'corrupt';
}
