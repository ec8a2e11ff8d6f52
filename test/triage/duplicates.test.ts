import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findDuplicates, minhash, normalizeText, similarity } from '../../src/analyze/duplicates.js';
import { prng } from './gen-threads.js';

const WORDS =
  'réunion budget facture paiement campagne presse déplacement agenda note rapport contrat banque virement remboursement prêt dossier candidat programme équipe salle restaurant hôtel billet train lettre livre éditeur signature projet sondage affiche débat discours invitation devis commande livraison montant'.split(
    ' ',
  );

function text(r: () => number, n: number): string {
  return Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]).join(' ');
}

/** Edits k random words: the near duplicate of a forwarded or re-typed message. */
function edit(t: string, k: number, r: () => number): string {
  const w = t.split(' ');
  for (let i = 0; i < k; i++) w[Math.floor(r() * w.length)] = `mot${Math.floor(r() * 1000)}`;
  return w.join(' ');
}

test('duplicates: planted exact and near duplicates are found, distinct texts are not', () => {
  const r = prng(42);
  const items: { itemId: string; text: string }[] = [];
  const truthExact = new Map<string, number>();
  const truthNear = new Map<string, number>();
  for (let g = 0; g < 40; g++) {
    const base = text(r, 200);
    items.push({ itemId: `g${g}-orig`, text: base });
    // Exact: same words, other case, spacing and accents (re-encoded copy in another mailbox).
    items.push({ itemId: `g${g}-exact`, text: `  ${base.toUpperCase().replace(/ /g, '\n ')} ` });
    truthExact.set(`g${g}-orig`, g);
    truthExact.set(`g${g}-exact`, g);
    // Near: 2 words of 200 changed (a signature, a date).
    items.push({ itemId: `g${g}-near`, text: edit(base, 2, r) });
    truthNear.set(`g${g}-near`, g);
  }
  for (let u = 0; u < 200; u++) items.push({ itemId: `u${u}`, text: text(r, 200) });
  const rows = findDuplicates(items, { threshold: 0.8 });
  const exact = rows.filter((x) => x.kind === 'exact');
  assert.equal(exact.length, 80, 'every planted exact pair, nothing else');
  for (const g of new Set(exact.map((x) => x.groupId))) {
    const members = exact.filter((x) => x.groupId === g).map((x) => truthExact.get(x.itemId));
    assert.equal(new Set(members).size, 1);
  }
  const near = rows.filter((x) => x.kind === 'near');
  assert.ok(
    near.every((x) => !x.itemId.startsWith('u')),
    'no unrelated text is a near duplicate',
  );
  const found = near.filter((x) => x.itemId.endsWith('-near')).length;
  assert.ok(found >= 38, `recall of near duplicates ${found}/40`);
  for (const g of new Set(near.map((x) => x.groupId))) {
    const ids = near.filter((x) => x.groupId === g).map((x) => Number(x.itemId.slice(1).split('-')[0]));
    assert.equal(new Set(ids).size, 1, 'a near group holds one planted family');
  }
});

test('duplicates: threshold is honoured and similarity estimates Jaccard', () => {
  const r = prng(3);
  const base = text(r, 300);
  const far = edit(base, 60, r);
  const a = minhash(normalizeText(base));
  const b = minhash(normalizeText(far));
  const s = similarity(a, b);
  assert.ok(s > 0.2 && s < 0.75, `estimated ${s}`);
  assert.equal(
    findDuplicates(
      [
        { itemId: 'a', text: base },
        { itemId: 'b', text: far },
      ],
      { threshold: 0.9 },
    ).length,
    0,
  );
  assert.equal(
    findDuplicates(
      [
        { itemId: 'a', text: base },
        { itemId: 'b', text: far },
      ],
      { threshold: 0.1 },
    ).length,
    2,
  );
  assert.equal(
    findDuplicates([
      { itemId: 'a', text: 'ok' },
      { itemId: 'b', text: 'ok' },
    ]).length,
    0,
    'short texts are ignored',
  );
});

test('duplicates: ownText drops quoted replies but keeps forwarded blocks', async () => {
  const { ownText } = await import('../../src/analyze/triage-load.js');
  assert.equal(
    ownText('Merci.\n\nLe 3 mai 2017 à 10:00, Jean <j@x> a écrit :\n> texte\n> cité').trim(),
    'Merci.',
  );
  assert.equal(ownText('OK\n> cité\nfin').replace(/\n+/g, ' ').trim(), 'OK fin');
  const fwd = 'Pour info\n-----Original Message-----\nDe : X\nTexte transféré';
  assert.equal(ownText(fwd), fwd);
});
