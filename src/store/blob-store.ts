import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Content-addressed blob store: `blobs/ab/cd/<sha256>`. Blobs are addressed by hash only, so no
 * caller-supplied path ever reaches the file system (no path traversal from hostile file names).
 */
export class BlobStore {
  private readonly dirs = new Set<string>();

  constructor(readonly root: string) {
    mkdirSync(root, { recursive: true });
  }

  pathOf(sha: string): string {
    if (!SHA256_HEX.test(sha)) throw new Error(`not a SHA-256: ${JSON.stringify(sha).slice(0, 80)}`);
    return join(this.root, sha.slice(0, 2), sha.slice(2, 4), sha);
  }

  has(sha: string): boolean {
    return existsSync(this.pathOf(sha));
  }

  /**
   * Writes the bytes once. A process killed mid-write leaves a file shorter than its content, so a
   * blob whose size differs from the bytes to store is rewritten: resuming an ingest repairs it.
   * (Writing in place is half the file-system work of temp file + rename, and ingest is bound by it.)
   * A new blob costs one exclusive create, no lookup before it; its fan-out folder is made once per
   * process.
   */
  put(sha: string, data: Uint8Array): boolean {
    const path = this.pathOf(sha);
    const dir = join(this.root, sha.slice(0, 2), sha.slice(2, 4));
    if (!this.dirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      this.dirs.add(dir);
    }
    let fd: number;
    try {
      fd = openSync(path, 'wx');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        // The folder was removed behind this process's back: make it again.
        mkdirSync(dir, { recursive: true });
        fd = openSync(path, 'wx');
      } else if (code === 'EEXIST') {
        if (statSync(path).size === data.length) return false;
        fd = openSync(path, 'w');
      } else throw err;
    }
    try {
      writeFileSync(fd, data);
      if (process.env.LEAKLENS_FSYNC === '1') fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return true;
  }

  get(sha: string): Buffer {
    return readFileSync(this.pathOf(sha));
  }
}
