import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createApp } from '../../src/web/server.js';
import { tempCase } from '../helpers.js';

const H = { host: '127.0.0.1:8765' };

it('inherited keys as sort, dir or chart names are 400/404 with a message, never 500', async (t) => {
  const { app } = createApp({ store: tempCase(t), allowedHosts: ['127.0.0.1:8765'] });
  for (const bad of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'nope']) {
    const d = await app.request(`/api/documents?sort=${bad}`, { headers: H });
    assert.equal(d.status, 400, `documents sort=${bad}`);
    const body = (await d.json()) as { error: string };
    assert.equal(body.error.split(':')[0], `unknown sort "${bad}"`);
    assert.match(body.error, /one of name, mime, size, flags, author/);
    const s = await app.request(`/api/search?q=x&sort=${bad}`, { headers: H });
    assert.equal(s.status, 400, `search sort=${bad}`);
    assert.match(
      ((await s.json()) as { error: string }).error,
      /^unknown sort .*: one of relevance, date, date-asc$/,
    );
  }
  assert.equal((await app.request('/api/documents?dir=__proto__', { headers: H })).status, 400);
  for (const name of ['constructor', 'tostring', 'valueof'])
    assert.equal((await app.request(`/api/charts/${name}.svg`, { headers: H })).status, 404, name);
  // Search filters are keys too (`name:value` in the query): inherited names are unknown filters.
  for (const name of ['__proto__', 'constructor', 'hasOwnProperty'])
    for (const path of [`/api/search?q=${name}:x`, `/api/search?q=budget%20${name}:1`]) {
      const r = await app.request(path, { headers: H });
      assert.equal(r.status, 400, path);
      assert.match(
        ((await r.json()) as { error: string }).error,
        new RegExp(`^unknown search filter "${name.toLowerCase()}:": known filters are after, `),
      );
    }
  // Known values still work.
  assert.equal((await app.request('/api/documents?sort=author&dir=asc', { headers: H })).status, 200);
  assert.equal((await app.request('/api/search?q=x&sort=date', { headers: H })).status, 200);
});
