/**
 * ARC chain validation (RFC 8617 §5.2) through mailauth, fed from the case key archive. Only run
 * when the message carries ARC sets: it re-parses the message with mailauth's stream parser,
 * which is the slow part of mailauth and not needed for plain DKIM.
 */
import { arc as mailauthArc, verifyASChain } from 'mailauth/lib/arc/index.js';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import type { ArcEvidence, KeyLookup, TxtResolver } from './types.js';
import { splitKeyName } from './zone-parse.js';

export const NO_ARC: ArcEvidence = { result: 'none', instances: 0, failedInstance: null, comment: null };

/** A mailauth resolver answering from the archive; live DNS only through `live` (when --dns). */
export function archiveResolver(keys: KeyLookup, live?: TxtResolver): TxtResolver {
  return async (name, type) => {
    const named = type === 'TXT' ? splitKeyName(name) : null;
    const found = named ? keys.candidates(named.domain, named.selector) : [];
    const first = found[0];
    if (first) return [[first.record]];
    if (live) return live(name, type);
    throw Object.assign(new Error(`no archived key for ${name}`), { code: 'ENOTFOUND' });
  };
}

/**
 * @example await verifyArc(raw, archiveResolver(keys)) // { result: 'pass', instances: 2, … }
 */
export async function verifyArc(raw: Buffer, resolver: TxtResolver, curTime?: Date): Promise<ArcEvidence> {
  const dk = await dkimVerify(raw, { resolver: resolver as never, curTime: curTime as never });
  const data = (dk as unknown as { arc?: ArcChainData }).arc;
  if (!data || (!data.chain && !data.error)) return NO_ARC;
  const res = await mailauthArc(data as never, { resolver: resolver as never });
  const result = res.status.result as ArcEvidence['result'];
  const instances = Array.isArray(data.chain) ? data.chain.length : 0;
  const comment = (res.status as { comment?: string }).comment ?? data.error?.message ?? null;
  const failedInstance = result === 'fail' ? await firstFailingSeal(data, resolver) : null;
  return { result, instances, failedInstance, comment: comment || null };
}

interface ArcChainData {
  chain?: unknown[] | false;
  error?: Error;
  lastEntry?: unknown;
}

/** Validates growing prefixes of the chain: the first prefix that fails names the bad seal. */
async function firstFailingSeal(data: ArcChainData, resolver: TxtResolver): Promise<number | null> {
  if (!Array.isArray(data.chain)) return null;
  for (let k = 1; k <= data.chain.length; k++) {
    try {
      await verifyASChain({ chain: data.chain.slice(0, k) } as never, { resolver: resolver as never });
    } catch {
      return k;
    }
  }
  return null;
}
