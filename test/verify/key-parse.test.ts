/** Key-archive formats: zone text and dig output, archive.prove.email JSON lines, DNS-cache JSON. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseKeyFile } from '../../src/verify/key-parse.js';
import { parseKeyRecord } from '../../src/verify/key-record.js';
import { fixture } from './helpers.js';

const GMAIL = fixture('mailauth/real/20161025._domainkey.gmail.com.dns').toString('utf8').trim();
const P = /p=(\S+)/.exec(GMAIL)?.[1] ?? '';

test('zone text: split strings joined, comments, $ORIGIN, relative names, @, parentheses', () => {
  const zone = [
    '; archived 2017-05-06',
    `20161025._domainkey.gmail.com. 300 IN TXT "k=rsa; p=${P.slice(0, 100)}" "${P.slice(100)}" ; comment`,
    '$ORIGIN example.fr.',
    `s1._domainkey IN TXT ( "v=DKIM1; k=rsa; "`,
    `   "p=${P}" )`,
    '@ IN MX 10 mx.example.fr.',
    `s2._domainkey.example.fr. IN TXT "v=DKIM1; p=${P}"`,
    `        IN TXT "v=DKIM1; p=${P.slice(0, 40)}"`,
  ].join('\n');
  const out = parseKeyFile(zone, 'k.zone');
  assert.equal(out.format, 'zone');
  assert.deepEqual(
    out.keys.map((k) => [k.selector, k.domain, k.record]),
    [
      ['20161025', 'gmail.com', `k=rsa; p=${P}`],
      ['s1', 'example.fr', `v=DKIM1; k=rsa; p=${P}`],
      ['s2', 'example.fr', `v=DKIM1; p=${P}`],
      ['s2', 'example.fr', `v=DKIM1; p=${P.slice(0, 40)}`],
    ],
  );
  assert.ok(out.keys.every((k) => k.kind === 'zone' && k.source === 'k.zone'));
});

test('dig output: the answer section is read, the rest ignored', () => {
  const dig = [
    '; <<>> DiG 9.10.3 <<>> txt 20161025._domainkey.gmail.com',
    ';; ANSWER SECTION:',
    `20161025._domainkey.gmail.com. 299 IN\tTXT\t"k=rsa; p=${P.slice(0, 200)}" "${P.slice(200)}"`,
    '',
    ';; Query time: 20 msec',
  ].join('\n');
  const out = parseKeyFile(dig, 'dig.txt');
  assert.equal(out.keys.length, 1);
  assert.equal(out.keys[0]?.record, `k=rsa; p=${P}`);
  const key = parseKeyRecord(out.keys[0]?.record ?? '');
  assert.ok(key.ok && key.bits === 2048);
});

test('archive.prove.email JSON lines keep first/last seen dates; bad lines are reported', () => {
  const lines = [
    JSON.stringify({
      domain: 'gmail.com',
      selector: '20161025',
      value: `k=rsa; p=${P}`,
      firstSeenAt: '2016-10-25T00:00:00Z',
      lastSeenAt: '2022-01-01T00:00:00Z',
    }),
    'not json',
    JSON.stringify({ domain: 'gmail.com', selector: '20120113' }),
  ].join('\n');
  const out = parseKeyFile(lines, 'prove.jsonl');
  assert.equal(out.format, 'prove-email');
  assert.equal(out.keys.length, 1);
  assert.deepEqual(
    [out.keys[0]?.firstSeen, out.keys[0]?.lastSeen],
    ['2016-10-25T00:00:00Z', '2022-01-01T00:00:00Z'],
  );
  assert.deepEqual(out.skipped, ['line 2: not JSON', 'entry 2: needs domain, selector and value']);
});

test('DNS-cache JSON: {name: {TXT: [[parts]]}}, {name: [..]} and {name: "..."}; non-DKIM names skipped', () => {
  const out = parseKeyFile(fixture('mailauth/rfc8463-dns.json').toString('utf8'), 'cache.json');
  assert.equal(out.format, 'dns-cache');
  assert.deepEqual(
    out.keys.map((k) => `${k.selector}._domainkey.${k.domain}`),
    ['brisbane._domainkey.football.example.com', 'test._domainkey.football.example.com'],
  );
  const flat = parseKeyFile(
    JSON.stringify({ 'a._domainkey.x.org': ['v=DKIM1; ', 'p=AAAA'], 'b._domainkey.x.org.': 'p=BBBB' }),
    'c.json',
  );
  assert.deepEqual(
    flat.keys.map((k) => k.record),
    ['v=DKIM1; p=AAAA', 'p=BBBB'],
  );
});

test('a single record in a file named after its DNS name', () => {
  const out = parseKeyFile(GMAIL, 'keys/20161025._domainkey.gmail.com.dns');
  assert.equal(out.format, 'record');
  assert.deepEqual([out.keys[0]?.domain, out.keys[0]?.selector], ['gmail.com', '20161025']);
});

test('key records: the exact reason for each unusable record', () => {
  const cases: [string, string][] = [
    [fixture('dkimpy/badversion.txt').toString('utf8'), 'unknown key version'],
    [fixture('dkimpy/badk.txt').toString('utf8'), 'unknown key type'],
    ['v=DKIM1; k=rsa; p=', 'revoked'],
    ['v=DKIM1; k=rsa', 'invalid public key'],
    ['v=DKIM1; k=rsa; p=!!notbase64', 'invalid public key'],
    ['v=DKIM1; k=ed25519; p=AAAA', 'invalid public key'],
    ['v=DKIM1; k=dsa; p=AAAA', 'unknown key type'],
  ];
  for (const [record, error] of cases) assert.deepEqual(parseKeyRecord(record), { ok: false, error }, record);
  const noK = parseKeyRecord(fixture('dkimpy/test2.txt').toString('utf8'));
  assert.ok(noK.ok && noK.type === 'rsa', 'no k= defaults to rsa');
});

test('the archive.prove.email API answer (a JSON array) is read as is', () => {
  const api = JSON.stringify([
    {
      domain: 'gmail.com',
      selector: '20161025',
      firstSeenAt: '2017-01-01T00:00:00.000Z',
      lastSeenAt: null,
      value: `k=rsa; p=${P}`,
    },
  ]);
  const out = parseKeyFile(api, 'api.json');
  assert.equal(out.format, 'prove-email');
  assert.deepEqual(
    [out.keys[0]?.selector, out.keys[0]?.firstSeen, out.keys[0]?.lastSeen],
    ['20161025', '2017-01-01T00:00:00.000Z', null],
  );
});
