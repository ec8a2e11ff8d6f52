/**
 * Up-front validation of an OLE2 compound file ([MS-CFB]) before any library reads it. The
 * libraries (@kenjiuno/msgreader, cfb) follow sector chains without loop detection: a 1.5 KB file
 * whose directory chain points to itself made msgreader allocate until the process died (issue
 * #18). Here every chain is walked once, with a visited set, so a loop, a cross-link or a chain
 * longer than the file is a `corrupt` verdict at once. Work is bounded by the file's sector count.
 */
const ENDOFCHAIN = 0xfffffffe;
const FREESECT = 0xffffffff;
/** [MS-CFB] §2.1: sector numbers above MAXREGSECT are markers, never sectors. */
const MAXREGSECT = 0xfffffffa;
const NOSTREAM = 0xffffffff;
const DIR_ENTRY = 128;
/** Header DIFAT holds the first 109 FAT sector numbers ([MS-CFB] §2.2). */
const HEADER_DIFAT = 109;

export class CfbStructureError extends Error {}

interface Header {
  sectorSize: number;
  miniSectorSize: number;
  sectorCount: number;
  fatSectors: number;
  dirStart: number;
  miniCutoff: number;
  miniFatStart: number;
  miniFatSectors: number;
  difatStart: number;
  difatSectors: number;
}

/** Throws CfbStructureError naming the first structural defect that could make a reader loop. */
export function checkCfbStructure(buf: Buffer): void {
  const h = readHeader(buf);
  const fat = readFat(buf, h);
  const owner = new Uint8Array(fat.length);
  const dirChain = walkChain(fat, h.dirStart, 'directory', owner);
  const entries = readEntries(buf, h, dirChain);
  checkTree(entries);
  const miniFatChain = h.miniFatSectors ? walkChain(fat, h.miniFatStart, 'mini FAT', owner) : [];
  const miniFat = readU32Sectors(buf, h, miniFatChain);
  const root = entries[0];
  if (root?.type !== 5 || !root) throw new CfbStructureError('the first directory entry is not the root');
  const miniStream = root.size > 0 ? walkChain(fat, root.start, 'mini stream', owner) : [];
  const miniOwner = new Uint8Array(miniFat.length);
  const miniCapacity = (miniStream.length * h.sectorSize) / h.miniSectorSize;
  for (const [i, e] of entries.entries()) {
    if (e.type !== 2 || e.size === 0) continue;
    if (e.size > buf.length)
      throw new CfbStructureError(`stream ${i} claims ${e.size} bytes, more than the file`);
    if (e.size >= h.miniCutoff) walkChain(fat, e.start, `stream ${i}`, owner);
    else {
      const chain = walkChain(miniFat, e.start, `mini stream ${i}`, miniOwner);
      if (chain.some((s) => s >= miniCapacity))
        throw new CfbStructureError(`stream ${i} points past the mini stream`);
    }
  }
}

function readHeader(buf: Buffer): Header {
  if (buf.length < 512) throw new CfbStructureError('shorter than a compound-file header');
  const shift = buf.readUInt16LE(0x1e);
  const miniShift = buf.readUInt16LE(0x20);
  if (shift !== 9 && shift !== 12) throw new CfbStructureError(`sector shift ${shift} is neither 9 nor 12`);
  if (miniShift !== 6) throw new CfbStructureError(`mini sector shift ${miniShift} is not 6`);
  const sectorSize = 1 << shift;
  return {
    sectorSize,
    miniSectorSize: 1 << miniShift,
    sectorCount: Math.ceil(Math.max(0, buf.length - sectorSize) / sectorSize),
    fatSectors: buf.readUInt32LE(0x2c),
    dirStart: buf.readUInt32LE(0x30),
    miniCutoff: buf.readUInt32LE(0x38),
    miniFatStart: buf.readUInt32LE(0x3c),
    miniFatSectors: buf.readUInt32LE(0x40),
    difatStart: buf.readUInt32LE(0x44),
    difatSectors: buf.readUInt32LE(0x48),
  };
}

/** The FAT sector list (header DIFAT, then the DIFAT chain, loop-checked), then the FAT itself. */
function readFat(buf: Buffer, h: Header): Uint32Array {
  if (h.fatSectors > h.sectorCount)
    throw new CfbStructureError(`${h.fatSectors} FAT sectors in a file of ${h.sectorCount} sectors`);
  const fatSectors: number[] = [];
  for (let i = 0; i < Math.min(h.fatSectors, HEADER_DIFAT); i++)
    fatSectors.push(buf.readUInt32LE(0x4c + 4 * i));
  const perDifat = h.sectorSize / 4 - 1;
  const seen = new Set<number>();
  let s = h.difatStart;
  while (fatSectors.length < h.fatSectors && s !== ENDOFCHAIN && s !== FREESECT) {
    if (s >= h.sectorCount) throw new CfbStructureError(`DIFAT sector ${s} is past the end of the file`);
    if (seen.has(s)) throw new CfbStructureError(`the DIFAT chain loops at sector ${s}`);
    seen.add(s);
    const off = (s + 1) * h.sectorSize;
    for (let i = 0; i < perDifat && fatSectors.length < h.fatSectors; i++)
      fatSectors.push(buf.readUInt32LE(off + 4 * i));
    s = buf.readUInt32LE(off + 4 * perDifat);
  }
  const per = h.sectorSize / 4;
  const fat = new Uint32Array(Math.min(fatSectors.length * per, h.sectorCount));
  fatSectors.forEach((fs, k) => {
    if (fs >= h.sectorCount) throw new CfbStructureError(`FAT sector ${fs} is past the end of the file`);
    const off = (fs + 1) * h.sectorSize;
    for (let i = 0; i < per && k * per + i < fat.length; i++)
      fat[k * per + i] = buf.readUInt32LE(off + 4 * i);
  });
  return fat;
}

/**
 * Follows one chain. A sector visited twice (a loop, or a sector shared with an earlier chain,
 * [MS-CFB] §2.3: each sector belongs to one chain) or a marker inside a chain is corrupt; the
 * walk is bounded by the table length, so it ends on any input.
 */
function walkChain(table: Uint32Array, start: number, what: string, owner: Uint8Array): number[] {
  const out: number[] = [];
  let s = start;
  while (s !== ENDOFCHAIN) {
    if (s > MAXREGSECT || s >= table.length)
      throw new CfbStructureError(`the ${what} chain leaves the file at sector ${s}`);
    if (owner[s]) {
      const loop = out.includes(s);
      throw new CfbStructureError(
        loop
          ? `the ${what} chain loops at sector ${s}`
          : `the ${what} chain shares sector ${s} with another chain`,
      );
    }
    owner[s] = 1;
    out.push(s);
    s = table[s]!;
  }
  return out;
}

function readU32Sectors(buf: Buffer, h: Header, chain: number[]): Uint32Array {
  const per = h.sectorSize / 4;
  const out = new Uint32Array(chain.length * per);
  chain.forEach((s, k) => {
    const off = (s + 1) * h.sectorSize;
    for (let i = 0; i < per && off + 4 * i + 4 <= buf.length; i++)
      out[k * per + i] = buf.readUInt32LE(off + 4 * i);
  });
  return out;
}

interface Entry {
  type: number;
  left: number;
  right: number;
  child: number;
  start: number;
  size: number;
}

function readEntries(buf: Buffer, h: Header, chain: number[]): Entry[] {
  const out: Entry[] = [];
  for (const s of chain) {
    for (
      let off = (s + 1) * h.sectorSize;
      off + DIR_ENTRY <= Math.min(buf.length, (s + 2) * h.sectorSize);
      off += DIR_ENTRY
    ) {
      out.push({
        type: buf[off + 66]!,
        left: buf.readUInt32LE(off + 68),
        right: buf.readUInt32LE(off + 72),
        child: buf.readUInt32LE(off + 76),
        start: buf.readUInt32LE(off + 116),
        // Version 3 files may hold garbage in the high 32 bits ([MS-CFB] §2.6.3): read the low half.
        size: buf.readUInt32LE(off + 120),
      });
    }
  }
  return out;
}

/** The directory tree (left/right siblings, child) must be a tree: no entry reached twice. */
function checkTree(entries: Entry[]): void {
  const seen = new Uint8Array(entries.length);
  const stack = [0];
  seen[0] = 1;
  while (stack.length) {
    const e = entries[stack.pop()!];
    if (!e) continue;
    for (const next of [e.left, e.right, e.child]) {
      if (next === NOSTREAM) continue;
      if (next >= entries.length)
        throw new CfbStructureError(`a directory entry points to missing entry ${next}`);
      if (seen[next]) throw new CfbStructureError(`the directory tree reaches entry ${next} twice (a cycle)`);
      seen[next] = 1;
      stack.push(next);
    }
  }
}
