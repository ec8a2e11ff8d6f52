/** Shared helpers of the verify tests: fixture paths, key files by name, signing with mailauth. */
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dkimSign } from 'mailauth/lib/dkim/sign.js';
import { memoryKeys } from '../../src/verify/key-archive.js';
import { parseKeyFile } from '../../src/verify/key-parse.js';
import type { KeyCandidate, KeyLookup } from '../../src/verify/types.js';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'verify');
export const fixture = (p: string): Buffer => readFileSync(join(FIXTURES, p));

/** A key file whose name is not in the file: wrap it as a zone record for `name`. */
export function namedKey(file: string, name: string): KeyCandidate[] {
  const record = fixture(file).toString('utf8').trim();
  return parseKeyFile(`${name}. IN TXT "${record}"`, file).keys;
}

export function keysFrom(...files: string[]): KeyCandidate[] {
  return files.flatMap((f) => parseKeyFile(fixture(f).toString('utf8'), f).keys);
}

export const lookup = (keys: KeyCandidate[]): KeyLookup => memoryKeys(keys);

export interface TestKey {
  privateKey: string;
  record: string;
}

export function rsaKey(bits: number): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  const p = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    record: `v=DKIM1; k=rsa; p=${p}`,
  };
}

export function ed25519Key(): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ type: 'spki', format: 'der' }).subarray(12).toString('base64');
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    record: `v=DKIM1; k=ed25519; p=${raw}`,
  };
}

export interface SignOptions {
  domain: string;
  selector: string;
  key: TestKey;
  algorithm?: string;
  canonicalization?: string;
  maxBodyLength?: number;
  signTime?: Date;
  expires?: Date;
  headerList?: string[];
}

/** Signs `message` with mailauth (an implementation independent of ours) and prepends the header. */
export async function sign(message: string, o: SignOptions): Promise<string> {
  const res = await dkimSign(message, {
    signTime: o.signTime ?? new Date('2017-05-05T18:00:00Z'),
    expires: o.expires,
    headerList: o.headerList?.join(':'),
    signatureData: [
      {
        signingDomain: o.domain,
        selector: o.selector,
        privateKey: o.key.privateKey,
        algorithm: o.algorithm ?? (o.key.record.includes('ed25519') ? 'ed25519-sha256' : 'rsa-sha256'),
        canonicalization: o.canonicalization ?? 'relaxed/relaxed',
        maxBodyLength: o.maxBodyLength,
      },
    ],
  } as never);
  const r = res as unknown as { signatures: string; errors: unknown[] };
  if (r.errors?.length) throw new Error(`signing failed: ${JSON.stringify(r.errors)}`);
  return r.signatures + message;
}

export function candidate(
  domain: string,
  selector: string,
  record: string,
  extra: Partial<KeyCandidate> = {},
): KeyCandidate {
  return { domain, selector, record, kind: 'inline', source: 'test', ...extra };
}

/** A plain message of realistic shape, CRLF line ends. */
export function plainMessage(
  o: { from?: string; body?: string; extraHeaders?: string[]; date?: string } = {},
): string {
  const lines = [
    'Received: from mx.example.fr (mx.example.fr [192.0.2.10]) by mail.example.fr; Fri, 5 May 2017 20:00:05 +0200',
    'Received: from laptop (laptop [198.51.100.7]) by mx.example.fr; Fri, 5 May 2017 20:00:01 +0200',
    `From: Jean Dupont <${o.from ?? 'jean@example.fr'}>`,
    'To: Marie Curie <marie@example.org>',
    'Subject: Budget de la campagne',
    `Date: ${o.date ?? 'Fri, 5 May 2017 20:00:00 +0200'}`,
    'Message-ID: <20170505180000.12345@example.fr>',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    ...(o.extraHeaders ?? []),
  ];
  const body =
    o.body ?? 'Bonjour Marie,\r\n\r\nVoici le budget révisé pour la semaine prochaine.\r\n\r\nJean\r\n';
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}
