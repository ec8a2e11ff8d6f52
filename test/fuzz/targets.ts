import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { writeTar } from '../archives/tar-writer.js';
import { writeZip } from '../archives/zip-writer.js';
import { makeJpeg } from '../documents/gen/exif.js';
import { makeDocx, makeOdt } from '../documents/gen/office.js';
import { FIXTURES } from '../helpers.js';
import { ordinaryPdf } from '../hostile/gen-pdf.js';

/** One parser under fuzzing: a valid seed that mutations start from, and the name it is read as. */
export interface IngestTarget {
  kind: 'ingest';
  name: string;
  file: string;
  seed: () => Buffer;
}
/** A social importer: the seed is written to a file named `file` and read with `format`. */
export interface ImportTarget {
  kind: 'import';
  name: string;
  file: string;
  format: string;
  seed: () => Buffer;
}
export type Target = IngestTarget | ImportTarget;

const fx = (rel: string) => () => readFileSync(join(FIXTURES, rel));
const MAIL = 'From: a@x.example\r\nTo: b@y.example\r\nSubject: s\r\nMessage-ID: <m@x>\r\n\r\nbody\r\n';

/** Every parser of issue #18's list: MIME, mbox, MSG/PST/OLE, ZIP/TAR/7z, PDF, OOXML/ODF, RTF, images, social. */
export const TARGETS: Target[] = [
  { kind: 'ingest', name: 'mime', file: 'm.eml', seed: fx('mail/tika-mail/testRFC822-multipart') },
  { kind: 'ingest', name: 'mbox', file: 'm.mbox', seed: fx('mail/tika-mail/testMBOX_complex.mbox') },
  { kind: 'ingest', name: 'msg', file: 'm.msg', seed: fx('documents/tika/testMSG.msg') },
  { kind: 'ingest', name: 'pst', file: 'm.pst', seed: fx('documents/tika/testPST_variousBodyTypes.pst') },
  { kind: 'ingest', name: 'ole', file: 'd.doc', seed: fx('documents/tika/testWORD.doc') },
  {
    kind: 'ingest',
    name: 'zip',
    file: 'a.zip',
    seed: () =>
      writeZip([
        { name: 'mail/1.eml', data: Buffer.from(MAIL) },
        { name: 'n.txt', data: Buffer.from('notes') },
      ]),
  },
  {
    kind: 'ingest',
    name: 'tar',
    file: 'a.tar',
    seed: () => writeTar([{ name: 'mail/1.eml', data: Buffer.from(MAIL) }]),
  },
  { kind: 'ingest', name: 'gzip', file: 'a.eml.gz', seed: () => gzipSync(Buffer.from(MAIL)) },
  { kind: 'ingest', name: 'bzip2', file: 'f.eml.bz2', seed: fx('archives/facture.eml.bz2') },
  { kind: 'ingest', name: '7z', file: 'mail.7z', seed: fx('archives/mail.7z') },
  { kind: 'ingest', name: 'pdf', file: 'r.pdf', seed: () => ordinaryPdf('Rapport annuel') },
  {
    kind: 'ingest',
    name: 'ooxml',
    file: 'd.docx',
    seed: () => makeDocx({ author: 'A', paragraphs: ['texte'] }),
  },
  { kind: 'ingest', name: 'odf', file: 'd.odt', seed: () => makeOdt({ author: 'A', paragraphs: ['texte'] }) },
  {
    kind: 'ingest',
    name: 'rtf',
    file: 'd.rtf',
    seed: () =>
      Buffer.from(String.raw`{\rtf1\ansi\ansicpg1251{\info{\author A}}\pard \'e0\'e1 x\par}`, 'latin1'),
  },
  {
    kind: 'ingest',
    name: 'image',
    file: 'p.jpg',
    seed: () =>
      makeJpeg({ make: 'X', artist: 'A', dateTimeOriginal: '2017:03:27 14:05:00', gps: { lat: 1, lon: 2 } }),
  },
  ...(
    [
      ['twitter-v1', 'twitter-v1.jsonl'],
      ['twitter-v2', 'twitter-v2.jsonl'],
      ['x-io-csv', 'x-io.csv'],
      ['ira-csv', 'ira.csv'],
      ['bluesky-jetstream', 'bluesky.jsonl'],
      ['mastodon', 'mastodon.json'],
      ['telegram', 'telegram-result.json'],
      ['4chan', '4chan-thread.json'],
      ['csv', 'generic.csv'],
    ] as const
  ).map(
    ([format, file]): ImportTarget => ({
      kind: 'import',
      name: `social-${format}`,
      file,
      format,
      seed: fx(`social/samples/${file}`),
    }),
  ),
];
