#!/usr/bin/env node
// Generates the 1,000,000-item case of issue #12: a maildir of E e-mails (default 800,000), of which
// A (default 200,000) carry one small text attachment, so items = E + A = 1,000,000. Deterministic
// (fixed seed). French and English text (about 70 / 30), threads (replies carry In-Reply-To and
// References to an earlier message of the same thread), duplicates (about 2% of messages are also
// filed, byte-identical but for the Received line, in the recipient's mailbox, as in a real dump where the
// sender's Sent folder and the recipient's inbox both hold it), 400 mailboxes, about 3 GB.
// Usage: node bench/million/generate.mjs OUT_DIR [--emails N] [--attachments N]
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { qp, tailWord } from '../ingest/vocab.mjs';

const argv = process.argv.slice(2);
const out = argv[0] ?? '/tmp/million/maildir';
const opt = (name, dflt) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : dflt);
const E = opt('--emails', 800_000);
const A = opt('--attachments', Math.round(E / 4));
const MAILBOXES = 400;

// mulberry32, fixed seed (same generator as src/util/mulberry32.ts)
let a = 0x1000_0012;
const rnd = () => {
  a = (a + 0x6d2b79f5) >>> 0;
  let t = a;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (arr) => arr[Math.floor(rnd() * arr.length)];
const split = (s) => s.split(/\s+/).filter(Boolean);

const FR = {
  stop: split(
    'le la les des du de et pour avec dans sur par une un que qui est sont pas plus tout nous vous ils elle',
  ),
  topic:
    split(`réunion budget facture paiement campagne meeting presse déplacement agenda note rapport contrat
    banque virement remboursement prêt dossier candidat programme équipe bénévoles salle réservation restaurant hôtel
    billet train courrier lettre recommandation livre éditeur avance signature projet calendrier sondage affiche tract
    débat discours conférence invitation confirmation annulation devis commande livraison montant total euros TVA
    échéance relevé compte justificatif frais mission transport logement repas cadeau remerciement urgent important`),
  hello: ['Bonjour', 'Salut', 'Cher', 'Chère'],
  bye: ['Cordialement,', 'Bien à vous,', 'Amitiés,', 'Merci,'],
  re: ['Re: ', 'RE: ', 'TR: ', 'Fwd: '],
};
const EN = {
  stop: split(
    'the of and to in a is that for it as was with be by on not he this are or his from at which but',
  ),
  topic: split(`meeting budget invoice payment campaign press travel agenda memo report contract bank transfer
    refund loan file candidate programme team volunteers room booking restaurant hotel ticket train letter
    recommendation book publisher advance signature project schedule poll poster leaflet debate speech conference
    invitation confirmation cancellation quote order delivery amount total euros VAT deadline statement account
    receipt expenses mission transport lodging lunch gift thanks urgent important donors fundraising`),
  hello: ['Hi', 'Hello', 'Dear'],
  bye: ['Best regards,', 'Thanks,', 'Cheers,', 'Kind regards,'],
  re: ['Re: ', 'RE: ', 'Fw: ', 'Fwd: '],
};
const TAIL = Array.from({ length: 6000 }, (_, i) => tailWord(i));
const zipf = () => TAIL[Math.min(TAIL.length - 1, Math.floor(Math.exp(rnd() * Math.log(TAIL.length))) - 1)];
const word = (L) => {
  const r = rnd();
  return r < 0.4 ? pick(L.stop) : r < 0.48 ? pick(L.topic) : zipf();
};
const sentence = (L) => {
  const n = 5 + Math.floor(rnd() * 12);
  const w = Array.from({ length: n }, () => word(L));
  w[0] = w[0][0].toUpperCase() + w[0].slice(1);
  return `${w.join(' ')}.`;
};
const FIRST = split(
  'Jean Marie Pierre Sophie Luc Claire Paul Julie Marc Anne Louis Emma Hugo Léa John Sarah David Emily',
);
const LAST = split(
  'Dupont Martin Bernard Petit Durand Leroy Moreau Simon Laurent Lefèvre Michel Garcia Smith Brown',
);
const DOMAINS = ['campagne.example', 'parti.example', 'presse.example', 'banque.example', 'mairie.example'];
const people = Array.from({ length: 2000 }, (_, i) => {
  const f = FIRST[i % FIRST.length];
  const l = LAST[(i * 7 + Math.floor(i / FIRST.length)) % LAST.length];
  const local = `${f}.${l}${i}`.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
  return { name: `${f} ${l}`, addr: `${local}@${DOMAINS[i % DOMAINS.length]}`, box: i % MAILBOXES };
});

// The marker of a finished run lies beside the maildir, not in it (it would be ingested as a file).
const MARK = `${out.replace(/\/+$/, '')}.complete`;
if (existsSync(MARK)) {
  console.log(`${out} already generated`);
  process.exit(0);
}
for (let b = 0; b < MAILBOXES; b++)
  for (const d of ['cur', 'new', 'tmp'])
    mkdirSync(join(out, `mailbox-${String(b).padStart(3, '0')}`, d), { recursive: true });

const threads = []; // recent thread roots: { id, subject, refs, lang }
let bytes = 0;
let files = 0;
let dupes = 0;
let attachments = 0;
const t0 = Date.parse('2015-09-01T08:00:00Z');
const write = (box, name, msg) => {
  writeFileSync(join(out, `mailbox-${String(box).padStart(3, '0')}`, rnd() < 0.8 ? 'cur' : 'new', name), msg);
  bytes += msg.length;
  files++;
};
for (let i = 0; files < E; i++) {
  // exactly A of the E files carry an attachment, spread evenly (duplicates are never among them)
  const hasAtt = Math.floor(((files + 1) * A) / E) > attachments;
  const from = pick(people);
  const to = pick(people);
  const date = new Date(t0 + Math.floor((i / E) * 600 * 86400e3) + Math.floor(rnd() * 3600e3));
  const id = `${i.toString(36)}.${Math.floor(rnd() * 1e12).toString(36)}@${from.addr.split('@')[1]}`;
  // a third of the messages reply to a recent thread
  const parent = threads.length > 0 && rnd() < 0.33 ? threads[Math.floor(rnd() * threads.length)] : null;
  const L = parent ? parent.lang : rnd() < 0.7 ? FR : EN;
  const subject = parent ? `${pick(L.re)}${parent.subject}` : sentence(L).slice(0, 60);
  const paras = Array.from({ length: 1 + Math.floor(rnd() * 6) }, () =>
    Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => sentence(L)).join(' '),
  );
  const body = `${pick(L.hello)} ${to.name.split(' ')[0]},\n\n${paras.join('\n\n')}\n\n${pick(L.bye)}\n${from.name}\n`;
  const refs = parent ? [...parent.refs.slice(-5), parent.id] : [];
  let head =
    `From: ${from.name} <${from.addr}>\r\nTo: ${to.name} <${to.addr}>\r\nSubject: =?UTF-8?B?${Buffer.from(subject).toString('base64')}?=\r\n` +
    `Date: ${date.toUTCString().replace('GMT', '+0000')}\r\nMessage-ID: <${id}>\r\n`;
  if (parent) head += `In-Reply-To: <${parent.id}>\r\nReferences: ${refs.map((r) => `<${r}>`).join(' ')}\r\n`;
  head += 'MIME-Version: 1.0\r\n';
  let rest;
  if (!hasAtt) {
    rest = `Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${qp(body)}\r\n`;
  } else {
    attachments++;
    const boundary = `----=_Part_${i}_${Math.floor(rnd() * 1e9)}`;
    const kind = pick(['txt', 'txt', 'csv']);
    const name = `${pick(['facture', 'note', 'rapport', 'devis', 'minutes', 'invoice'])}-${i}.${kind}`;
    const text =
      kind === 'csv'
        ? `date;libelle;montant\r\n${Array.from({ length: 3 + Math.floor(rnd() * 30) }, (_, k) => `2016-0${1 + (k % 9)}-1${k % 10};${word(L)} ${word(L)};${Math.floor(rnd() * 1e5) / 100}`).join('\r\n')}\r\n`
        : Array.from({ length: 2 + Math.floor(rnd() * 10) }, () => sentence(L)).join('\n');
    rest =
      `Content-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${qp(body)}\r\n` +
      `--${boundary}\r\nContent-Type: ${kind === 'csv' ? 'text/csv' : 'text/plain'}; charset=utf-8; name="${name}"\r\nContent-Disposition: attachment; filename="${name}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(text).toString('base64').replace(/.{76}/g, '$&\r\n')}\r\n--${boundary}--\r\n`;
  }
  const received = (box) =>
    `Received: from mx${box}.campagne.example (mx${box}.campagne.example [192.0.2.${box % 250}])\r\n\tby mail.campagne.example with ESMTPS id ${i.toString(36)}x${box}\r\n\tfor <${to.addr}>; ${date.toUTCString()}\r\n`;
  const ts = Math.floor(date.getTime() / 1000);
  write(from.box, `${ts}.M${i}P${1000 + (i % 97)}.million:2,S`, `${received(from.box)}${head}${rest}`);
  // about 2% also filed in the recipient's mailbox (a duplicate: same Message-ID, other Received)
  if (
    !hasAtt &&
    to.box !== from.box &&
    rnd() < 0.02 &&
    files < E &&
    Math.floor(((files + 1) * A) / E) <= attachments
  ) {
    write(to.box, `${ts}.M${i}D${1000 + (i % 97)}.million:2,S`, `${received(to.box)}${head}${rest}`);
    dupes++;
  }
  if (!parent && rnd() < 0.5) {
    threads.push({ id, subject, refs: [], lang: L });
    if (threads.length > 5000) threads.splice(0, 1000);
  } else if (parent && rnd() < 0.3) {
    threads.push({ id, subject: parent.subject, refs, lang: L });
  }
  if (i % 5000 === 0) process.stderr.write(`\r${files}/${E} files, ${(bytes / 1048576).toFixed(0)} MB`);
}
const summary = { emails: files, attachments, items: files + attachments, duplicates: dupes, bytes };
writeFileSync(MARK, `${JSON.stringify(summary)}\n`);
process.stderr.write(`\r${files}/${E} files, ${(bytes / 1048576).toFixed(0)} MB\n`);
console.log(JSON.stringify(summary));
