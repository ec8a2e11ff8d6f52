import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { docxWithPicture, imageOnlyPdf, renderScan } from './scan.js';

/**
 * What the demo plants for OCR (issue #13): files whose words exist only in pictures, so only OCR
 * can make them searchable. `words` are searched by `leaklens eval`; `text` is the truth the
 * character error rate is measured against.
 */
export interface PlantedScan {
  kind: 'scanned-pdf' | 'photo' | 'picture-in-docx';
  /** Path under the demo directory. */
  file: string;
  text: string;
  words: string[];
}

const WHEN = new Date('2017-04-21T08:12:00Z');

const INVOICE = [
  'IMPRIMERIE VAUTRIN & FILS',
  'FACTURE N° 2017-0457',
  'Tracts et affiches, meeting de Besançon',
  'Montant TTC : 18 940,00 EUR',
  'Règlement par virement sous 30 jours',
];
const PHOTO = [
  'Note pour le directeur de campagne',
  'Réunion avec le donateur Castelnaudary',
  'jeudi à 18 h, salle Marengo',
];
const PICTURE = ['Codes du coffre numérique', 'identifiant : tresorerie-quillebeuf'];

/** Writes the three pictures into `<dir>/dump/scans/` and returns their truth. */
export async function plantScans(dir: string): Promise<PlantedScan[]> {
  const out = join(dir, 'dump', 'scans');
  mkdirSync(out, { recursive: true });
  // A scanner's PDF: one JPEG page at 200 dpi, no text layer.
  const scan = await renderScan(INVOICE, { dpi: 200, format: 'jpeg', quality: 80, size: 13 });
  writeFileSync(join(out, 'facture-vautrin-2017-0457.pdf'), await imageOnlyPdf(scan.image, 200));
  // A phone photo of a page: grain, a slight tilt, strong JPEG compression.
  const photo = await renderScan(PHOTO, {
    dpi: 150,
    format: 'jpeg',
    quality: 65,
    noise: 18,
    specks: 0.001,
    rotate: -1.4,
    seed: 2017,
    size: 13,
    font: 'times',
  });
  writeFileSync(join(out, 'IMG_20170421_0812.jpg'), photo.image);
  // A screenshot pasted into a Word document.
  const pic = await renderScan(PICTURE, { dpi: 150, format: 'png', size: 13, font: 'courier' });
  writeFileSync(
    join(out, 'codes.docx'),
    docxWithPicture('Voir la capture ci-dessous.', pic.image, pic.width, pic.height, WHEN),
  );
  return [
    {
      kind: 'scanned-pdf',
      file: 'dump/scans/facture-vautrin-2017-0457.pdf',
      text: INVOICE.join('\n'),
      words: ['Vautrin', 'Besançon'],
    },
    {
      kind: 'photo',
      file: 'dump/scans/IMG_20170421_0812.jpg',
      text: PHOTO.join('\n'),
      words: ['Castelnaudary', 'Marengo'],
    },
    {
      kind: 'picture-in-docx',
      file: 'dump/scans/codes.docx',
      text: PICTURE.join('\n'),
      words: ['quillebeuf'],
    },
  ];
}
