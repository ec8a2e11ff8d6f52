/**
 * Up-front check of an Outlook data file's two B-trees ([MS-PST] §2.2.2.7.7: the node B-tree and
 * the block B-tree) before pst-extractor reads it. The library descends a branch page's children
 * in a `while` loop and walks the node tree recursively, with no visited set: a page that points
 * to itself (or to an ancestor) made it spin forever (found by bench/fuzz, issue #18). Here every
 * page reachable from the two roots is visited once; a page reached twice, or a child whose level
 * is not below its parent's, is a corrupt file. Work is bounded by the file's page count.
 */
export class PstStructureError extends Error {}

interface Layout {
  pageSize: number;
  /** Offset of cEnt in a page, and its width (2 bytes in 4K pages). */
  cEnt: number;
  cEntBytes: number;
  cLevel: number;
  /** Offset of the page trailer's ptype. */
  ptype: number;
  /** A branch entry (BTENTRY): its size and where its BREF.ib (the child page offset) sits. */
  entry: number;
  childAt: number;
  offsetBytes: number;
  /** Header offsets of the node and block B-tree roots (ROOT.BREFNBT.ib, ROOT.BREFBBT.ib). */
  nbtRoot: number;
  bbtRoot: number;
}

/** wVer at offset 10 ([MS-PST] §2.2.2.6): 14/15 ANSI, 23 Unicode, 36 Unicode with 4 KB pages. */
function layoutOf(buf: Buffer): Layout | null {
  const ver = buf[10];
  if (ver === 14 || ver === 15)
    return {
      pageSize: 512,
      cEnt: 496,
      cEntBytes: 1,
      cLevel: 499,
      ptype: 500,
      entry: 12,
      childAt: 8,
      offsetBytes: 4,
      nbtRoot: 188,
      bbtRoot: 196,
    };
  if (ver === 23)
    return {
      pageSize: 512,
      cEnt: 488,
      cEntBytes: 1,
      cLevel: 491,
      ptype: 496,
      entry: 24,
      childAt: 16,
      offsetBytes: 8,
      nbtRoot: 224,
      bbtRoot: 240,
    };
  if (ver === 36)
    return {
      pageSize: 4096,
      cEnt: 4056,
      cEntBytes: 2,
      cLevel: 4061,
      ptype: 4072,
      entry: 24,
      childAt: 16,
      offsetBytes: 8,
      nbtRoot: 224,
      bbtRoot: 240,
    };
  return null; // an unknown version: the library refuses it itself
}

const readOffset = (buf: Buffer, at: number, bytes: number): number =>
  at + bytes > buf.length ? -1 : bytes === 4 ? buf.readUInt32LE(at) : Number(buf.readBigUInt64LE(at));

/** Throws PstStructureError naming the first cycle or level inversion in either B-tree. */
export function checkPstBTrees(buf: Buffer): void {
  const l = layoutOf(buf);
  if (!l || buf.length < 512) return;
  const visited = new Set<number>();
  walkTree(buf, l, readOffset(buf, l.nbtRoot, l.offsetBytes), 0x81, 'node', visited);
  walkTree(buf, l, readOffset(buf, l.bbtRoot, l.offsetBytes), 0x80, 'block', visited);
}

function walkTree(
  buf: Buffer,
  l: Layout,
  root: number,
  ptype: number,
  what: string,
  visited: Set<number>,
): void {
  const stack: { at: number; parentLevel: number }[] = [{ at: root, parentLevel: 256 }];
  while (stack.length) {
    const { at, parentLevel } = stack.pop()!;
    // A page outside the file or of another type ends the library's descent too: not a loop.
    if (at < 0 || at + l.pageSize > buf.length) continue;
    if (buf[at + l.ptype] !== ptype || buf[at + l.ptype + 1] !== ptype) continue;
    if (visited.has(at))
      throw new PstStructureError(`the ${what} B-tree reaches the page at ${at} twice (a cycle)`);
    visited.add(at);
    const level = buf[at + l.cLevel]!;
    if (level >= parentLevel)
      throw new PstStructureError(
        `a ${what} B-tree page at ${at} is at level ${level}, not below its parent's ${parentLevel}`,
      );
    if (level === 0) continue;
    const n = l.cEntBytes === 2 ? buf.readUInt16LE(at + l.cEnt) : buf[at + l.cEnt]!;
    if (n * l.entry > l.cEnt)
      throw new PstStructureError(`a ${what} B-tree page at ${at} claims ${n} entries, more than fit`);
    for (let i = 0; i < n; i++)
      stack.push({ at: readOffset(buf, at + i * l.entry + l.childAt, l.offsetBytes), parentLevel: level });
  }
}

interface NodeStream {
  readFromOffset(output: Buffer, offset: number, length: number): number;
}

/**
 * pst-extractor's `PSTNodeInputStream.readCompletely` loops until its buffer is full; asked for
 * more bytes than a node holds (a corrupt length in a table), each read returns 0 bytes (its EOF
 * test compares two Long objects with `==`, which is never true) and the loop never ends (found by
 * bench/fuzz, issue #18). This wrapper keeps the method's contract and throws when a read makes
 * no progress, which the PST ingestor records as a corrupt folder or message.
 */
export function guardNodeStream(proto: { readCompletely(target: Buffer): void }): void {
  proto.readCompletely = function readCompletely(this: NodeStream, target: Buffer): void {
    let offset = 0;
    while (offset < target.length) {
      const n = this.readFromOffset(target, offset, target.length - offset);
      if (n <= 0)
        throw new PstStructureError(
          `a read of ${target.length} bytes runs past the end of its node (${offset} read): corrupt length`,
        );
      offset += n;
    }
  };
}
