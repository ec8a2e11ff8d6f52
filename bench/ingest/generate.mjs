#!/usr/bin/env node
// Generates a maildir shaped like the 2017 dump: 21,075 messages in 28 mailboxes, about a fifth
// with attachments, French vocabulary, ~0.5 GB; deterministic (fixed seed).
// Usage: node bench/ingest/generate.mjs OUT_DIR [--messages N]
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tailWord } from './vocab.mjs';

const out = process.argv[2] ?? 'bench/data/maildir';
const nIdx = process.argv.indexOf('--messages');
const N = nIdx > 0 ? Number(process.argv[nIdx + 1]) : 21075;
const MAILBOXES = 28;

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
/** Quoted-printable (RFC 2045 §6.7): lines of at most 76 characters, escapes never split. */
const qp = (text) => {
  const lines = [];
  for (const line of text.split('\n')) {
    let cur = '';
    for (const byte of Buffer.from(line, 'utf8')) {
      const tok =
        byte === 0x3d || byte < 0x20 || byte > 0x7e
          ? `=${byte.toString(16).toUpperCase().padStart(2, '0')}`
          : String.fromCharCode(byte);
      if (cur.length + tok.length > 75) {
        lines.push(`${cur}=`);
        cur = '';
      }
      cur += tok;
    }
    lines.push(cur);
  }
  return lines.join('\r\n');
};

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
    const size = 15_000 + Math.floor(rnd() * 70_000);
    const att = Buffer.alloc(size);
    for (let k = 0; k < size; k += 4)
      att.writeUInt32LE(Math.floor(rnd() * 4294967296), Math.min(k, size - 4));
    const name = `${pick(['facture', 'note', 'rapport', 'devis', 'contrat', 'releve'])}-${i}.${pick(['pdf', 'docx', 'xlsx', 'jpg'])}`;
    msg +=
      `Content-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${qp(body)}\r\n` +
      `--${boundary}\r\nContent-Type: application/octet-stream; name="${name}"\r\nContent-Disposition: attachment; filename="${name}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${att.toString('base64').replace(/.{76}/g, '$&\r\n')}\r\n--${boundary}--\r\n`;
  }
  const file = join(dir, `${Math.floor(date.getTime() / 1000)}.M${i}P${1000 + (i % 97)}.bench:2,S`);
  writeFileSync(file, msg);
  bytes += msg.length;
  if (i % 2000 === 0) process.stderr.write(`\r${i}/${N} messages, ${(bytes / 1048576).toFixed(0)} MB`);
}
writeFileSync(join(out, '.complete'), `${N}\n`);
process.stderr.write(`\r${N}/${N} messages, ${(bytes / 1048576).toFixed(0)} MB\n`);
