import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createApp } from '../../src/web/server.js';
import { planted } from '../names/case.js';

const H = { host: '127.0.0.1:8765' };

test('workbench: the people page lists names found in text; a person page shows the passages naming them', async (t) => {
  const { store } = await planted(t);
  const { app } = createApp({ store, allowedHosts: [H.host] });
  const get = async (path: string) => {
    const res = await app.request(path, { headers: H });
    return { status: res.status, body: (await res.json()) as any };
  };
  const list = (await get('/api/people')).body;
  const named = list.named.map((n: { type: string; text: string }) => `${n.type}:${n.text}`);
  for (const n of ['PER:Dupont', 'ORG:Banque Lumière', 'LOC:Rennes', 'LOC:Lyon', 'PER:Odile Vautrin'])
    assert.ok(named.includes(n), `${n} listed`);
  const dupont = list.named.find((n: { text: string }) => n.text === 'Dupont');
  assert.deepEqual(dupont.identity.addresses, ['jean.dupont@avancer.example']);

  const p = (await get('/api/people/jean.dupont%40avancer.example')).body;
  const passages = p.passages.map((x: { passage: string }) => x.passage);
  assert.ok(
    passages.some((x: string) => x.includes('M. «Dupont» a validé le virement')),
    'the body naming him',
  );
  assert.ok(
    passages.some((x: string) => x.includes('«Jean Dupont» et Odile Vautrin')),
    'the document naming him',
  );
  // Someone only named in text (no mail, no metadata) still has a page.
  const odile = await get(`/api/people/${encodeURIComponent('Odile Vautrin')}`);
  assert.equal(odile.status, 200);
  assert.equal(odile.body.passages.length, 1);
  assert.equal((await get('/api/people/nobody%40x')).status, 404);
});
