/**
 * ARC chain validation (RFC 8617 §5.2) through mailauth, fed from the case key archive. Only run
 * when the message carries ARC sets: it re-parses the message with mailauth's stream parser,
 * which is the slow part of mailauth and not needed for plain DKIM.
 */
import { arc as mailauthArc, verifyASChain } from 'mailauth/lib/arc/index.js';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import { type HeaderField, parseMessage } from './message-parse.js';
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
  const syntax = arcSyntaxProblem(parseMessage(raw).headers);
  if (syntax)
    return {
      result: 'fail',
      instances: syntax.instances,
      failedInstance: syntax.instance,
      comment: syntax.problem,
    };
  let data: ArcChainData | undefined;
  let res: Awaited<ReturnType<typeof mailauthArc>>;
  try {
    const dk = await dkimVerify(raw, { resolver: resolver as never, curTime: curTime as never });
    data = (dk as unknown as { arc?: ArcChainData }).arc;
    if (!data || (!data.chain && !data.error)) return NO_ARC;
    res = await mailauthArc(data as never, { resolver: resolver as never });
  } catch (err) {
    // Hostile input must not stop a dump: an ARC set mailauth cannot read is a failed chain.
    return {
      result: 'fail',
      instances: 0,
      failedInstance: null,
      comment: `unreadable ARC set: ${(err as Error).message}`,
    };
  }
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

const ARC_HEADERS = ['arc-seal', 'arc-message-signature', 'arc-authentication-results'];
const SEAL_TAGS = ['i', 'a', 'b', 'd', 's', 'cv'];

/**
 * Checks mailauth leaves to the signature step: every set complete (RFC 8617 §4.1), and ARC-Seal
 * tag lists well-formed (RFC 6376 §3.2: tag names start with a letter, are case-sensitive, occur
 * once; no empty tag-spec between semicolons).
 */
export function arcSyntaxProblem(
  headers: HeaderField[],
): { instance: number | null; instances: number; problem: string } | null {
  const arcFields = headers.filter((h) => ARC_HEADERS.includes(h.lower));
  const instanceOf = (h: HeaderField) => Number(/(?:^|;)\s*i\s*=\s*(\d+)/.exec(h.value)?.[1] ?? Number.NaN);
  const instances = new Set(arcFields.map(instanceOf).filter((i) => !Number.isNaN(i)));
  for (const i of [...instances].sort((a, b) => a - b)) {
    for (const name of ARC_HEADERS) {
      if (!arcFields.some((h) => h.lower === name && instanceOf(h) === i))
        return { instance: i, instances: instances.size, problem: `i=${i} has no ${name}` };
    }
  }
  for (const seal of arcFields.filter((h) => h.lower === 'arc-seal')) {
    const problem = tagListProblem(seal.value, SEAL_TAGS);
    const i = instanceOf(seal);
    if (problem)
      return {
        instance: Number.isNaN(i) ? null : i,
        instances: instances.size,
        problem: `ARC-Seal: ${problem}`,
      };
  }
  return null;
}

function tagListProblem(value: string, required: string[]): string | null {
  const specs = value.split(';');
  if (specs.length > 1 && !specs[specs.length - 1]?.trim()) specs.pop(); // one trailing ';' is allowed
  const names = new Set<string>();
  for (const spec of specs) {
    const m = /^\s*([A-Za-z][A-Za-z0-9_]*)\s*=/.exec(spec);
    if (!m?.[1])
      return spec.trim() ? `invalid tag "${spec.trim().slice(0, 20)}"` : 'empty tag between semicolons';
    if (names.has(m[1])) return `duplicate tag ${m[1]}`;
    names.add(m[1]);
  }
  const missing = required.find((t) => !names.has(t));
  return missing ? `missing ${missing}= tag` : null;
}
