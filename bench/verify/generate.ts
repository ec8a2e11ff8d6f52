/**
 * Generates the DKIM benchmark corpus: N signed messages of realistic size (2–12 KB of text, a
 * third multipart/alternative with HTML), 2% with the text changed after signing and 1% with a
 * signed header changed, so the two verifiers' verdicts can be compared, not only their speed.
 * Usage: npx tsx bench/verify/generate.ts [N=21075] [OUT=bench/data/verify]
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dkimSign } from 'mailauth/lib/dkim/sign.js';

const N = Number(process.argv[2] ?? 21075);
const OUT = process.argv[3] ?? 'bench/data/verify';
const WORDS =
  'le la les de des du un une et est pour dans avec sur campagne budget réunion meeting vote deadline invoice facture presse élection dossier rapport équipe candidat programme'.split(
    ' ',
  );

let seed = 42;
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(a: T[]): T => a[Math.floor(rand() * a.length)] as T;

function text(bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    const line = Array.from({ length: 8 + Math.floor(rand() * 6) }, () => pick(WORDS)).join(' ');
    lines.push(line);
    size += Buffer.byteLength(line) + 2;
  }
  return `${lines.join('\r\n')}\r\n`;
}

function message(i: number): string {
  const body = text(2000 + Math.floor(rand() * 10000));
  const head = [
    `Received: from mx${i % 7}.example.fr (mx.example.fr [192.0.2.${i % 250}]) by mail.example.fr; Fri, 5 May 2017 20:${String(i % 60).padStart(2, '0')}:05 +0200`,
    `From: Agent ${i % 300} <agent${i % 300}@example.fr>`,
    `To: Equipe <equipe${i % 40}@example.org>`,
    `Subject: Dossier ${i} ${pick(WORDS)} ${pick(WORDS)}`,
    `Date: Fri, 5 May 2017 20:${String(i % 60).padStart(2, '0')}:00 +0200`,
    `Message-ID: <bench.${i}@example.fr>`,
    'MIME-Version: 1.0',
  ];
  if (i % 3)
    return `${head.join('\r\n')}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${body}`;
  const b = `000000000000${i.toString(16).padStart(16, '0')}`;
  const html = `<div dir="ltr">${body.replace(/\r\n/g, '<br>\r\n')}</div>\r\n`;
  return `${head.join('\r\n')}\r\nContent-Type: multipart/alternative; boundary="${b}"\r\n\r\n--${b}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${body}\r\n--${b}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${html}\r\n--${b}--\r\n`;
}

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const record = `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;
const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
mkdirSync(join(OUT, 'msgs'), { recursive: true });
writeFileSync(join(OUT, 'key.txt'), `${record}\n`);
writeFileSync(join(OUT, 'keys.zone'), `bench._domainkey.example.fr. IN TXT "${record}"\n`);
for (let i = 0; i < N; i++) {
  const msg = message(i);
  const canonicalization = i % 5 === 0 ? 'simple/simple' : 'relaxed/relaxed';
  const res = (await dkimSign(msg, {
    signTime: new Date('2017-05-05T18:00:00Z'),
    signatureData: [{ signingDomain: 'example.fr', selector: 'bench', privateKey: pem, canonicalization }],
  } as never)) as unknown as { signatures: string };
  let out = res.signatures + msg;
  if (i % 50 === 7) out = out.replace(/campagne|budget|vote/, 'FALSIFIÉ');
  else if (i % 100 === 13) out = out.replace(/^Subject: Dossier/m, 'Subject: Dossier modifié');
  writeFileSync(join(OUT, 'msgs', `${String(i).padStart(6, '0')}.eml`), out);
}
console.log(`wrote ${N} messages to ${OUT}/msgs and the key to ${OUT}/keys.zone`);
