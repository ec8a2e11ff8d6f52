import { statSync } from 'node:fs';
import type { CampaignAnalysis } from '../social/analyze.js';
import { SocialDb } from '../social/db.js';
import { campaignFile } from './campaign-files.js';
import { DEFAULT_ANALYSIS_KEY, storedAnalysis } from './campaign-job.js';

interface Version {
  /** The file's identity: a job publishes by rename, so a new file is a new inode. */
  tag: string;
  instance: Promise<SocialDb>;
  /** Requests using it; the instance closes when the last one ends after a newer file appeared. */
  users: number;
  retired: boolean;
  analysis?: Promise<CampaignAnalysis | null>;
}

/**
 * A team server's read-only view of the case's campaign file (`<blobs>/campaign/<case>/social.duckdb`).
 *
 * Each process keeps one READ_ONLY DuckDB instance on the file as it is now, and gives every request
 * a connection of its own on it (the signals' temporary tables are per connection). Opening an
 * instance costs tens of milliseconds (docs/benchmarks.md, "campaign file, team server"), a
 * connection far less, so the instance is kept; a stat per request notices a job's newly published
 * file (a new inode, campaign-job.ts), and the next requests open that one while the old instance
 * closes after its last request. Several processes hold the file READ_ONLY at once, which DuckDB
 * allows; a job never writes this file, only renames a new one over it.
 */
export class CampaignReader {
  private current: Version | undefined;

  constructor(readonly dir: string) {}

  /** The file's identity now, or null when no import has been published yet. */
  private tagNow(): string | null {
    const st = statSync(campaignFile(this.dir), { throwIfNoEntry: false });
    return st ? `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}` : null;
  }

  hasPosts(): boolean {
    return this.tagNow() !== null;
  }

  private version(): Version | null {
    const tag = this.tagNow();
    if (!tag) return null;
    if (this.current?.tag === tag) return this.current;
    const old = this.current;
    if (old) {
      old.retired = true;
      if (old.users === 0) void this.closeVersion(old);
    }
    const v: Version = {
      tag,
      instance: SocialDb.open(this.dir, { create: false, readOnly: true }),
      users: 0,
      retired: false,
    };
    v.instance.catch(() => {
      if (this.current === v) this.current = undefined; // try again on the next request
    });
    this.current = v;
    return v;
  }

  private async closeVersion(v: Version): Promise<void> {
    try {
      (await v.instance).close();
    } catch {
      // it never opened
    }
  }

  /**
   * Runs `fn` on a connection of its own to the file as published now; null when no posts have
   * been published yet.
   */
  async withDb<T>(fn: (db: SocialDb) => Promise<T>): Promise<T | null> {
    const v = this.version();
    if (!v) return null;
    v.users++;
    try {
      const base = await v.instance;
      const db = await SocialDb.connectTo(base.instance, base.path);
      try {
        return await fn(db);
      } finally {
        db.close();
      }
    } finally {
      v.users--;
      if (v.retired && v.users === 0) void this.closeVersion(v);
    }
  }

  /** The analysis a job stored for these options (the workbench's: none), read once per file. */
  async analysis(key = DEFAULT_ANALYSIS_KEY): Promise<CampaignAnalysis | null> {
    if (key !== DEFAULT_ANALYSIS_KEY) return (await this.withDb((db) => storedAnalysis(db, key))) ?? null;
    const v = this.version();
    if (!v) return null;
    v.analysis ??= this.withDb((db) => storedAnalysis(db)).then((a) => a ?? null);
    v.analysis.catch(() => {
      v.analysis = undefined;
    });
    return v.analysis;
  }

  /** Closes the instance (server shutdown). */
  async shutdown(): Promise<void> {
    const v = this.current;
    this.current = undefined;
    if (v) await this.closeVersion(v);
  }
}
