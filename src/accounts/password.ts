import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number, o: object) => Promise<Buffer>;

/*
 * Password hashes of workbench users: scrypt, memory-hard (RFC 7914). Hash format (one string, so
 * a users file can be edited by hand): `scrypt$N$r$p$<salt base64>$<hash base64>`. Parameters
 * follow RFC 7914 §2 and OWASP's minimum for scrypt (N=2^15, r=8, p=1 → 32 MiB per hash).
 */

const SCRYPT_N = 2 ** 15;
const SCRYPT_R = 8;
const SCRYPT_P = 1;
const KEY_LEN = 32;
/** scrypt's memory is 128·N·r bytes; allow a little above to accept hashes made with our params. */
const MAX_MEM = 128 * SCRYPT_N * SCRYPT_R * 2;
/** Stronger parameters than this are refused: a users file must not let one login exhaust memory. */
const MAX_N = 2 ** 17;

/**
 * @example
 * const h = await hashPassword('correct horse'); // 'scrypt$32768$8$1$…$…'
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LEN, {
    N: SCRYPT_N,
    r: SCRYPT_R,
    p: SCRYPT_P,
    maxmem: MAX_MEM,
  });
  return ['scrypt', SCRYPT_N, SCRYPT_R, SCRYPT_P, salt.toString('base64'), key.toString('base64')].join('$');
}

/**
 * Checks a password against a stored hash in constant time; false for any malformed hash.
 * @example
 * await verifyPassword('correct horse', h) // true
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = parts.slice(1, 4).map((x) => Number.parseInt(x ?? '', 10));
  if (!n || !r || !p || n > MAX_N || (n & (n - 1)) !== 0 || r > 32 || p > 16) return false;
  const salt = Buffer.from(parts[4] ?? '', 'base64');
  const want = Buffer.from(parts[5] ?? '', 'base64');
  if (salt.length < 8 || want.length < 16) return false;
  const got = await scrypt(password, salt, want.length, { N: n, r, p, maxmem: 128 * n * r * 2 });
  return timingSafeEqual(got, want);
}
