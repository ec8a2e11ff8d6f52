import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_LIMITS, type Limits } from '../../src/ingest/limits.js';
import { type MetaRecord, metaOfBytes } from '../../src/meta/engine.js';

const here = dirname(fileURLToPath(import.meta.url));
export const FIXTURES = join(here, '..', 'fixtures', 'documents');

export function fixture(rel: string): Buffer {
  return readFileSync(join(FIXTURES, rel));
}

/** Every record (file + children) the meta engine yields for some bytes. */
export async function records(
  data: Buffer,
  name: string,
  limits: Limits = DEFAULT_LIMITS,
): Promise<MetaRecord[]> {
  const out: MetaRecord[] = [];
  for await (const r of metaOfBytes(data, name, { limits, withText: true })) out.push(r);
  return out;
}

export async function one(data: Buffer, name: string, limits?: Limits): Promise<MetaRecord> {
  const r = (await records(data, name, limits))[0];
  if (!r) throw new Error(`no record for ${name}`);
  return r;
}
