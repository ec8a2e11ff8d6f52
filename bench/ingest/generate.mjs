#!/usr/bin/env node
// Generates a maildir shaped like the 2017 dump: 21,075 messages in 28 mailboxes, about a fifth
// with attachments, French vocabulary, ~0.5 GB; deterministic (fixed seed).
// Usage: node bench/ingest/generate.mjs OUT_DIR [--messages N] [--attachments binary]
// `--attachments binary` (issue #12): the same messages, but the fifth with an attachment carries
// 20–100 KB of random bytes behind a real JPEG, PDF or ZIP signature, declared with its own type
// (image/jpeg, application/pdf, application/zip): binary parts a parser opens and finds no text in.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { qp, tailWord } from './vocab.mjs';

const out = process.argv[2] ?? 'bench/data/maildir';
const nIdx = process.argv.indexOf('--messages');
const N = nIdx > 0 ? Number(process.argv[nIdx + 1]) : 21075;
const MAILBOXES = 28;
const aIdx = process.argv.indexOf('--attachments');
const BINARY = aIdx > 0 && process.argv[aIdx + 1] === 'binary';

let s = 0x2017_0505;
const rnd = () => {
  s = (s + 0x6d2b79f5) | 0;
  let t = Math.imul(s ^ (s >>> 15), 1 | s);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (a) => a[Math.floor(rnd() * a.length)];
const WORDS =
  `réunion budget facture paiement campagne meeting presse déplacement agenda note rapport contrat banque
virement remboursement prêt dossier candidat programme équipe bénévoles salle réservation restaurant hôtel billet train
courrier lettre recommandation livre éditeur avance signature projet calendrier sondage affiche tract meeting débat
discours conférence invitation confirmation annulation devis commande livraison montant total euros TVA échéance
relevé compte justificatif note frais mission transport logement repas cadeau remerciement urgent important merci
bonjour cordialement bien amitiés semaine prochaine lundi mardi mercredi jeudi vendredi matin soir demain hier
le la les des du de et pour avec dans sur par une un que qui est sont pas plus tout nous vous ils elle`.split(
    /\s+/,
  );
const FIRST = [
  'Jean',
  'Marie',
  'Pierre',
  'Sophie',
  'Luc',
  'Claire',
  'Paul',
  'Julie',
  'Marc',
  'Anne',
  'Louis',
  'Emma',
  'Hugo',
  'Léa',
];
const LAST = [
  'Dupont',
  'Martin',
  'Bernard',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
  'Simon',
  'Laurent',
  'Lefèvre',
  'Michel',
  'Garcia',
];
const people = Array.from({ length: 120 }, (_, i) => {
  const f = FIRST[i % FIRST.length];
  const l = LAST[(i * 7) % LAST.length];
  return {
    name: `${f} ${l}`,
    addr: `${f}.${l}${i}`.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '') + '@campagne.example',
  };
});
// A realistic spread of word frequencies: stop words, topic words, and a long Zipfian tail of
// 6,000 synthetic words, so that a query word matches a realistic share of the messages.
const STOP = new Set(
  'le la les des du de et pour avec dans sur par une un que qui est sont pas plus tout nous vous ils elle'.split(
    ' ',
  ),
);
const TOPIC = WORDS.filter((w) => !STOP.has(w));

const TAIL = Array.from({ length: 6000 }, (_, i) => tailWord(i));
const zipf = () => TAIL[Math.min(TAIL.length - 1, Math.floor(Math.exp(rnd() * Math.log(TAIL.length))) - 1)];
const word = () => {
  const r = rnd();
  return r < 0.4 ? pick([...STOP]) : r < 0.46 ? pick(TOPIC) : zipf();
};
const sentence = () => {
  const n = 6 + Math.floor(rnd() * 14);
  const w = Array.from({ length: n }, word);
  w[0] = w[0][0].toUpperCase() + w[0].slice(1);
  return `${w.join(' ')}.`;
};

/** Signatures of the binary attachments: the first and last bytes a reader checks, random between. */
const BINARY_KINDS = [
  {
    ext: 'jpg',
    type: 'image/jpeg',
    // SOI + APP0 "JFIF" (JFIF 1.02 §B.2), random entropy-coded data, EOI.
    head: Buffer.from('ffd8ffe000104a46494600010101004800480000', 'hex'),
    tail: Buffer.from('ffd9', 'hex'),
  },
  {
    ext: 'pdf',
    type: 'application/pdf',
    // ISO 32000-1 §7.5.2 header with its binary comment line, and the trailer's end-of-file marker.
    head: Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1'),
    tail: Buffer.from('\n%%EOF\n', 'latin1'),
  },
  { ext: 'zip', type: 'application/zip', zip: true },
];

/**
 * A well-formed ZIP (APPNOTE 6.3.10: local header §4.3.7, central directory §4.3.12, end record
 * §4.3.16) storing one entry of `size` bytes in all, the entry's bytes random (a zipped scan).
 */
function zipOf(att, entryName) {
  const name = Buffer.from(entryName, 'latin1');
  const dataLen = att.length - (30 + name.length) - (46 + name.length) - 22;
  const body = att.subarray(30 + name.length, 30 + name.length + dataLen);
  const crc = crc32(body);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(dataLen, 18);
  local.writeUInt32LE(dataLen, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(dataLen, 20);
  central.writeUInt32LE(dataLen, 24);
  central.writeUInt16LE(name.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + name.length, 12);
  end.writeUInt32LE(30 + name.length + dataLen, 16);
  return Buffer.concat([local, name, body, central, name, end]);
}

if (existsSync(join(out, '.complete'))) {
  console.log(`${out} already generated`);
  process.exit(0);
}
let bytes = 0;
const t0 = Date.parse('2015-09-01T08:00:00Z');
for (let i = 0; i < N; i++) {
  const box = `mailbox-${String(i % MAILBOXES).padStart(2, '0')}`;
  const sub = rnd() < 0.8 ? 'cur' : 'new';
  const dir = join(out, box, sub);
  if (i < MAILBOXES * 2)
    for (const d of ['cur', 'new', 'tmp']) mkdirSync(join(out, box, d), { recursive: true });
  const from = pick(people);
  const to = pick(people);
  const date = new Date(t0 + Math.floor(rnd() * 600 * 86400e3));
  const paras = Array.from({ length: 3 + Math.floor(rnd() * 25) }, () =>
    Array.from({ length: 2 + Math.floor(rnd() * 5) }, sentence).join(' '),
  );
  const body = `Bonjour ${to.name.split(' ')[0]},\n\n${paras.join('\n\n')}\n\nCordialement,\n${from.name}\n`;
  const subject = `${pick(['', 'Re: ', 'TR: ', 'Fwd: '])}${sentence().slice(0, 60)}`;
  const hasAtt = rnd() < 0.2;
  const boundary = `----=_Part_${i}_${Math.floor(rnd() * 1e9)}`;
  let msg =
    `Return-Path: <${from.addr}>\r\nReceived: from mail.campagne.example (mail.campagne.example [192.0.2.10])\r\n\tby mx.campagne.example with ESMTPS id ${i.toString(36)}\r\n\tfor <${to.addr}>; ${date.toUTCString()}\r\n` +
    `From: ${from.name} <${from.addr}>\r\nTo: ${to.name} <${to.addr}>\r\nSubject: =?UTF-8?B?${Buffer.from(subject).toString('base64')}?=\r\nDate: ${date.toUTCString().replace('GMT', '+0000')}\r\n` +
    `Message-ID: <${i}.${Math.floor(rnd() * 1e12)}@campagne.example>\r\nMIME-Version: 1.0\r\n`;
  if (!hasAtt) {
    msg += `Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${qp(body)}\r\n`;
  } else {
    const size = BINARY ? 20_000 + Math.floor(rnd() * 80_000) : 15_000 + Math.floor(rnd() * 70_000);
    let att = Buffer.alloc(size);
    for (let k = 0; k < size; k += 4)
      att.writeUInt32LE(Math.floor(rnd() * 4294967296), Math.min(k, size - 4));
    const stem = pick(['facture', 'note', 'rapport', 'devis', 'contrat', 'releve']);
    let name = `${stem}-${i}.${pick(['pdf', 'docx', 'xlsx', 'jpg'])}`;
    let type = 'application/octet-stream';
    if (BINARY) {
      const kind = BINARY_KINDS[Math.floor(rnd() * BINARY_KINDS.length)];
      name = `${stem}-${i}.${kind.ext}`;
      if (kind.zip) att = zipOf(att, `${stem}-${i}.bin`);
      else {
        kind.head.copy(att, 0);
        kind.tail.copy(att, size - kind.tail.length);
      }
      type = kind.type;
    }
    msg +=
      `Content-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${qp(body)}\r\n` +
      `--${boundary}\r\nContent-Type: ${type}; name="${name}"\r\nContent-Disposition: attachment; filename="${name}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${att.toString('base64').replace(/.{76}/g, '$&\r\n')}\r\n--${boundary}--\r\n`;
  }
  const file = join(dir, `${Math.floor(date.getTime() / 1000)}.M${i}P${1000 + (i % 97)}.bench:2,S`);
  writeFileSync(file, msg);
  bytes += msg.length;
  if (i % 2000 === 0) process.stderr.write(`\r${i}/${N} messages, ${(bytes / 1048576).toFixed(0)} MB`);
}
writeFileSync(join(out, '.complete'), `${N}\n`);
process.stderr.write(`\r${N}/${N} messages, ${(bytes / 1048576).toFixed(0)} MB\n`);
