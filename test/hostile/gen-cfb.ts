/**
 * Hand-built compound files ([MS-CFB]) with broken sector chains, for the loop and bound guards.
 * A 512-byte header, one FAT sector (sector 0) and one directory sector (sector 1): 1,536 bytes.
 */
const ENDOFCHAIN = 0xfffffffe;
const FREESECT = 0xffffffff;
const FATSECT = 0xfffffffd;
const NOSTREAM = 0xffffffff;

export interface CfbShape {
  /** FAT entries for sectors 0..n (sector 0 is the FAT itself). */
  fat: number[];
  /** First directory sector. */
  dirStart?: number;
  /** Directory entries: name, type (5 root, 1 storage, 2 stream), left/right/child, start, size. */
  entries?: {
    name: string;
    type: number;
    left?: number;
    right?: number;
    child?: number;
    start?: number;
    size?: number;
  }[];
  /** Extra sectors after the directory (filled with `fill`). */
  extraSectors?: number;
}

export function buildCfb(shape: CfbShape): Buffer {
  const nSectors = 2 + (shape.extraSectors ?? 0);
  const buf = Buffer.alloc(512 * (nSectors + 1), 0);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(buf, 0);
  buf.writeUInt16LE(0x3e, 0x18);
  buf.writeUInt16LE(3, 0x1a);
  buf.writeUInt16LE(0xfffe, 0x1c);
  buf.writeUInt16LE(9, 0x1e);
  buf.writeUInt16LE(6, 0x20);
  buf.writeUInt32LE(1, 0x2c); // one FAT sector
  buf.writeUInt32LE(shape.dirStart ?? 1, 0x30);
  buf.writeUInt32LE(4096, 0x38);
  buf.writeUInt32LE(ENDOFCHAIN, 0x3c);
  buf.writeUInt32LE(0, 0x40);
  buf.writeUInt32LE(ENDOFCHAIN, 0x44);
  buf.writeUInt32LE(0, 0x48);
  buf.writeUInt32LE(0, 0x4c);
  for (let i = 1; i < 109; i++) buf.writeUInt32LE(FREESECT, 0x4c + 4 * i);
  const fatOff = 512;
  for (let i = 0; i < 128; i++) buf.writeUInt32LE(shape.fat[i] ?? FREESECT, fatOff + 4 * i);
  const entries = shape.entries ?? [{ name: 'Root Entry', type: 5, start: ENDOFCHAIN, size: 0 }];
  entries.forEach((e, i) => {
    const off = 1024 + 128 * i;
    const name = Buffer.from(`${e.name}\0`, 'utf16le');
    name.copy(buf, off, 0, Math.min(64, name.length));
    buf.writeUInt16LE(Math.min(64, name.length), off + 64);
    buf.writeUInt8(e.type, off + 66);
    buf.writeUInt8(1, off + 67);
    buf.writeUInt32LE(e.left ?? NOSTREAM, off + 68);
    buf.writeUInt32LE(e.right ?? NOSTREAM, off + 72);
    buf.writeUInt32LE(e.child ?? NOSTREAM, off + 76);
    buf.writeUInt32LE(e.start ?? ENDOFCHAIN, off + 116);
    buf.writeUInt32LE(e.size ?? 0, off + 120);
  });
  return buf;
}

/**
 * The 1.5 KB .msg of issue #18: the directory's sector chain points to itself (FAT[1] = 1), so a
 * reader that follows chains without loop detection allocates forever.
 */
export function selfLoopingMsg(): Buffer {
  return buildCfb({ fat: [FATSECT, 1] });
}

/** A well-formed minimal compound file (the same shape, chain ended): readers must accept it. */
export function minimalCfb(): Buffer {
  return buildCfb({ fat: [FATSECT, ENDOFCHAIN] });
}

/** Directory entries whose red-black tree links form a cycle (root child 1 → right 2 → left 1). */
export function cyclicDirectoryCfb(): Buffer {
  return buildCfb({
    fat: [FATSECT, ENDOFCHAIN],
    entries: [
      { name: 'Root Entry', type: 5, child: 1 },
      { name: '__substg1.0_0037001F', type: 2, right: 2 },
      { name: '__substg1.0_1000001F', type: 2, left: 1 },
    ],
  });
}

/** A stream chain that runs 2 → 3 → 2 (a loop not at the first sector). */
export function loopingStreamCfb(): Buffer {
  return buildCfb({
    fat: [FATSECT, ENDOFCHAIN, 3, 2],
    extraSectors: 8,
    entries: [
      { name: 'Root Entry', type: 5, child: 1 },
      { name: 'WordDocument', type: 2, start: 2, size: 4096 },
    ],
  });
}
