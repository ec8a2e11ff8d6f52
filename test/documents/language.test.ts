import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectLanguage } from '../../src/ingest/documents/language.js';

// The measurement set behind the choice of eld (see language.ts): short office-style sentences.
const SAMPLES: Record<string, string[]> = {
  fr: [
    'Le comité a validé le budget des déplacements pour le mois de mars',
    'Voici la facture pour la location de la salle',
    'Merci de confirmer votre présence à la réunion de jeudi',
  ],
  ru: ['Привет, это служебная записка о бюджете кампании', 'Отчёт о расходах за март прилагается'],
  en: [
    'The committee approved the travel budget for March',
    'Please find attached the invoice for the room rental',
  ],
  ar: ['مرحبا بالعالم هذا نص تجريبي للتحقق من اللغة'],
  de: ['Der Ausschuss hat das Reisebudget für März genehmigt', 'Anbei die Rechnung für die Raummiete'],
  es: ['El comité aprobó el presupuesto de viajes para marzo', 'Adjunto la factura del alquiler de la sala'],
  it: [
    'Il comitato ha approvato il budget di viaggio per marzo',
    'In allegato la fattura per il noleggio della sala',
  ],
  pt: ['O comitê aprovou o orçamento de viagens para março', 'Segue em anexo a fatura do aluguel da sala'],
  nl: [
    'Het comité heeft het reisbudget voor maart goedgekeurd',
    'In de bijlage vindt u de factuur voor de zaalhuur',
  ],
};

test('detectLanguage names the language of every short sample (ISO 639-1)', () => {
  for (const [lang, texts] of Object.entries(SAMPLES)) {
    for (const t of texts) assert.equal(detectLanguage(t), lang, t);
  }
});

test('too little text gives no language rather than a guess', () => {
  assert.equal(detectLanguage('Réf. 42'), null);
  assert.equal(detectLanguage('12 345,00 €  -  2017-03-27'), null);
  assert.equal(detectLanguage(''), null);
});
