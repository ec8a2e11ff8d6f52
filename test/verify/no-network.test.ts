/** Without --dns nothing touches the network; with it, the answer is used and handed back for the archive. */
import assert from 'node:assert/strict';
import dns from 'node:dns';
import { mock, test } from 'node:test';
import { verifyMessage } from '../../src/verify/message.js';
import { candidate, fixture, keysFrom, lookup, plainMessage, rsaKey, sign } from './helpers.js';

test('no DNS lookup without dns: true, even for unknown selectors and ARC messages', async () => {
  const resolve = mock.method(dns.promises, 'resolve', async () => {
    throw new Error('network used');
  });
  const resolveTxt = mock.method(dns.promises, 'resolveTxt', async () => {
    throw new Error('network used');
  });
  const injected = mock.fn(async () => [['p=']]);
  try {
    for (const f of ['mailauth/real/arc-pass.eml', 'mailauth/real/bimi.eml', 'dkimpy/test2.message']) {
      const v = await verifyMessage(fixture(f), { keys: lookup([]), resolver: injected });
      assert.equal(v.verdict, 'key-unavailable', f);
      assert.deepEqual(v.fetchedKeys, []);
    }
    assert.equal(resolve.mock.callCount(), 0);
    assert.equal(resolveTxt.mock.callCount(), 0);
    assert.equal(injected.mock.callCount(), 0);
  } finally {
    resolve.mock.restore();
    resolveTxt.mock.restore();
  }
});

test('with dns: true the resolver is asked only for missing selectors, and its answer is returned dated', async () => {
  const key = rsaKey(1024);
  const msg = Buffer.from(await sign(plainMessage(), { domain: 'example.fr', selector: 'live', key }));
  const resolver = mock.fn(async (name: string) => {
    assert.equal(name, 'live._domainkey.example.fr');
    return [[key.record.slice(0, 30), key.record.slice(30)]];
  });
  const v = await verifyMessage(msg, { keys: lookup([]), dns: true, resolver });
  assert.equal(v.verdict, 'verified');
  assert.equal(resolver.mock.callCount(), 1);
  assert.equal(v.fetchedKeys.length, 1);
  assert.equal(v.fetchedKeys[0]?.record, key.record);
  assert.match(v.fetchedKeys[0]?.fetchedAt ?? '', /^\d{4}-\d\d-\d\dT/);
  assert.equal(v.signatures[0]?.keySource?.kind, 'dns');
  const archived = await verifyMessage(msg, {
    keys: lookup([candidate('example.fr', 'live', key.record)]),
    dns: true,
    resolver,
  });
  assert.equal(archived.verdict, 'verified');
  assert.equal(resolver.mock.callCount(), 1, 'archived selectors are not looked up');
  assert.ok(keysFrom('mailauth/rfc8463-dns.json').length > 0);
});
