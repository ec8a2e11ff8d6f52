import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync, openSync, closeSync, fsyncSync } from 'node:fs';
import { join } from 'node:path';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Content-addressed blob store: `blobs/ab/cd/<sha256>`. Blobs are addressed by hash only, so no
 * caller-supplied path ever reaches the file system (no path traversal from hostile file names).
 */
export class BlobStore {
  constructor(readonly root: string) {
    mkdirSync(join(root, 'tmp'), { recursive: true });
  }

  pathOf(sha: string): string {
    if (!SHA256_HEX.test(sha)) throw new Error(`not a SHA-256: ${JSON.stringify(sha).slice(0, 80)}`);
    return join(this.root, sha.slice(0, 2), sha.slice(2, 4), sha);
  }

  has(sha: string): boolean {
    return existsSync(this.pathOf(sha));
  }

  /** Writes the bytes once; atomic (temp file + rename), so a killed process never leaves half a blob. */
  put(sha: string, data: Uint8Array): boolean {
    const path = this.pathOf(sha);
    if (existsSync(path)) return false;
    mkdirSync(join(this.root, sha.slice(0, 2), sha.slice(2, 4)), { recursive: true });
    const tmp = join(this.root, 'tmp', `${sha}.${process.pid}.${Math.random().toString(36).slice(2)}`);
    const fd = openSync(tmp, 'w');
    try {
      writeFileSync(fd, data);
      if (process.env.LEAKLENS_FSYNC === '1') fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
    return true;
  }

  get(sha: string): Buffer {
    return readFileSync(this.pathOf(sha));
  }
}
