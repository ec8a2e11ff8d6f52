/**
 * Generates the `meta` benchmark corpus: N mixed documents (docx, xlsx, pptx, odt, pdf, jpg, doc,
 * xls in equal parts) under bench/data/meta/, with varied authors (Latin, Cyrillic, Arabic),
 * editors, dates and applications, and a truth.json of what each file says.
 * Usage: npx tsx bench/meta/generate.ts [N=5000]
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeJpeg } from '../../test/documents/gen/exif.js';
import { makeDocx, makeOdt, makePptx, makeXlsx } from '../../test/documents/gen/office.js';
import { makeDoc, makeXls } from '../../test/documents/gen/ole.js';
import { makePdf } from '../../test/documents/gen/pdf.js';

const N = Number(process.argv[2] ?? 5000);
const OUT = join(import.meta.dirname, '..', 'data', 'meta');
const NAMES = [
  'Jean Dupont',
  'Marie Martin',
  'Paul Durand',
  'Claire Petit',
  'Рошка Георгий Петрович',
  'علي بن حسن',
  'Anne Moreau',
  'Luc Bernard',
];
const TEXT =
  'Le comité a validé le budget des déplacements pour le mois de mars; les factures sont jointes à cette note.';
const KINDS = ['docx', 'xlsx', 'pptx', 'odt', 'pdf', 'jpg', 'doc', 'xls'] as const;

const iso = (i: number, min = 0) =>
  new Date(Date.UTC(2017, 0, 1, 8) + i * 3_600_000 + min * 60_000).toISOString().replace('.000Z', 'Z');

async function make(kind: (typeof KINDS)[number], i: number): Promise<Buffer> {
  const author = NAMES[i % NAMES.length]!;
  const editor = NAMES[(i * 3 + 1) % NAMES.length]!;
  const spec = {
    author,
    lastModifiedBy: editor,
    created: iso(i),
    modified: iso(i, 37),
    title: `Document ${i}`,
    paragraphs: [TEXT, `Référence ${i}`],
  };
  switch (kind) {
    case 'docx':
      return makeDocx({
        ...spec,
        application: 'Microsoft Office Word',
        appVersion: '16.0000',
        company: 'En Marche',
      });
    case 'xlsx':
      return makeXlsx({ ...spec, application: 'Microsoft Excel' }, [
        {
          name: 'Feuil1',
          rows: [
            ['Poste', 'Montant'],
            [`Ligne ${i}`, String(i * 10)],
          ],
        },
      ]);
    case 'pptx':
      return makePptx({ ...spec, application: 'Microsoft Office PowerPoint' }, [TEXT, `Diapo ${i}`]);
    case 'odt':
      return makeOdt({
        ...spec,
        created: iso(i).slice(0, -1),
        modified: iso(i, 37).slice(0, -1),
        generator: 'LibreOffice/6.4.7.2$Linux_X86_64 LibreOffice_project/40',
        editingCycles: 3,
        editingDuration: 'PT5M',
      });
    case 'pdf':
      return makePdf({
        author,
        title: spec.title,
        creator: 'Microsoft Word',
        producer: 'Microsoft: Print To PDF',
        created: new Date(spec.created),
        modified: new Date(spec.modified),
        pages: [TEXT],
      });
    case 'jpg':
      return makeJpeg({
        make: 'Canon',
        model: 'EOS 5D',
        software: 'GIMP 2.10',
        artist: author,
        dateTime: exif(spec.modified),
        dateTimeOriginal: exif(spec.created),
      });
    case 'doc':
      return makeDoc({
        codepage: 1200,
        author,
        lastModifiedBy: editor,
        title: spec.title,
        application: 'Microsoft Office Word',
        created: new Date(spec.created),
        modified: new Date(spec.modified),
        text: TEXT,
      });
    case 'xls':
      return makeXls(
        {
          codepage: 1200,
          author,
          lastModifiedBy: editor,
          title: spec.title,
          application: 'Microsoft Excel',
          created: new Date(spec.created),
          modified: new Date(spec.modified),
        },
        ['Feuil1'],
        [TEXT],
      );
  }
}
const exif = (s: string) => s.slice(0, 19).replace(/-/g, ':').replace('T', ' ');

rmSync(OUT, { recursive: true, force: true });
for (let i = 0; i < N; i++) {
  const kind = KINDS[i % KINDS.length]!;
  const sub = join(OUT, String(Math.floor(i / 500)).padStart(2, '0'));
  mkdirSync(sub, { recursive: true });
  writeFileSync(join(sub, `f${String(i).padStart(5, '0')}.${kind}`), await make(kind, i));
}
console.log(`${N} files in ${OUT}`);
