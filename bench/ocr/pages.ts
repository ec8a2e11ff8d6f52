// The benchmark's pages: French and English text with known truth, rendered at several
// resolutions and noise levels by src/demo/docs/scan.ts (pdf-lib + pdf.js on @napi-rs/canvas).
import type { ScanStyle } from '../../src/demo/docs/scan.js';

export const TEXTS: Record<'fra' | 'eng', string[]> = {
  fra: [
    'Objet : facture n° 2017-0388 et relevé du mois de mars',
    'Madame, Monsieur,',
    'Veuillez trouver ci-joint la facture correspondant aux prestations',
    'de conseil réalisées entre le 1er et le 31 mars 2017 pour',
    "l'association En Marche, pour un montant de 12 450,00 euros TTC.",
    'Le règlement est attendu sous trente jours par virement sur le',
    'compte ouvert à la Banque Populaire, agence de Lyon Bellecour.',
    'Nous restons à votre disposition pour toute question relative à',
    "cette facture ou à l'échéancier des paiements prévu au contrat.",
    "Je vous prie d'agréer l'expression de mes salutations distinguées.",
    'Hélène Garçon, directrice administrative et financière',
  ],
  eng: [
    'Subject: minutes of the steering committee, 14 April 2017',
    'Present: the campaign director, the treasurer and two advisers.',
    'The committee reviewed the spending report for the first quarter',
    'and approved the budget for the regional offices in Lyon, Lille',
    'and Marseille. The treasurer noted that three invoices from the',
    'printing contractor were paid twice and asked for a refund.',
    'The next meeting will be held on Friday at nine in the morning.',
    'Action items: check the donor list against the bank statements,',
    'renew the office lease before the end of May, and archive the',
    'signed contracts in the shared folder with restricted access.',
    'Minutes taken by the assistant to the campaign director.',
  ],
};

/** Resolutions and degradations: clean scans, a noisy photocopy, a photo taken askew. */
export const STYLES: (ScanStyle & { name: string })[] = [
  { name: '300dpi-clean', dpi: 300, format: 'png' },
  { name: '200dpi-clean', dpi: 200, format: 'png' },
  { name: '150dpi-clean', dpi: 150, format: 'png' },
  { name: '200dpi-noise', dpi: 200, format: 'jpeg', quality: 75, noise: 25, specks: 0.002, seed: 3 },
  {
    name: '200dpi-photo',
    dpi: 200,
    format: 'jpeg',
    quality: 70,
    noise: 15,
    rotate: 1.2,
    seed: 5,
    font: 'times',
  },
  {
    name: '150dpi-noise',
    dpi: 150,
    format: 'jpeg',
    quality: 60,
    noise: 30,
    specks: 0.003,
    seed: 9,
    font: 'courier',
  },
];
