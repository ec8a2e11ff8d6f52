import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PSTFile, PSTMessage } from 'pst-extractor';
import {
  contactText,
  distListMembers,
  distListText,
  isPasswordProtected,
  multiBinary,
  oneOff,
} from '../../src/ingest/email/pst-items.js';

/**
 * PST contacts, distribution lists and the store password, on generated property values shaped
 * as [MS-PST]/[MS-OXCDATA] store them (a PST writer is out of reach; the properties are what
 * the code reads). The real files are java-libpst's dist-list.pst and passworded.pst
 * (docs/realworld.md).
 */
const ONE_OFF_UID = Buffer.from('812b1fa4bea310199d6e00dd010f5402', 'hex');

function oneOffEntry(name: string, address: string, unicode: boolean): Buffer {
  const flags = Buffer.alloc(2);
  flags.writeUInt16LE(unicode ? 0x8000 : 0);
  const str = (s: string) => (unicode ? Buffer.from(`${s}\0`, 'utf16le') : Buffer.from(`${s}\0`, 'latin1'));
  return Buffer.concat([
    Buffer.alloc(4),
    ONE_OFF_UID,
    Buffer.alloc(2),
    flags,
    str(name),
    str('SMTP'),
    str(address),
  ]);
}

/** PtypMultipleBinary as a PST property context holds it: count, offsets, values. */
function multi(values: Buffer[]): Buffer {
  const head = Buffer.alloc(4 + 4 * values.length);
  head.writeUInt32LE(values.length, 0);
  let off = head.length;
  values.forEach((v, i) => {
    head.writeUInt32LE(off, 4 + 4 * i);
    off += v.length;
  });
  return Buffer.concat([head, ...values]);
}

const fakeMessage = (id: number, data: Buffer, external = false) =>
  ({
    pstTableItems: new Map([
      [id, { entryValueType: 0x1102, isExternalValueReference: external, entryValueReference: 77, data }],
    ]),
    localDescriptorItems: new Map([[77, { getData: () => data }]]),
  }) as unknown as PSTMessage;

test('pst: distribution list members from the one-off EntryIDs (Unicode and 8-bit), inline or in a subnode', () => {
  const value = multi([
    oneOffEntry('contact name 1', 'Contact1@rjohnson.example', true),
    oneOffEntry('dist name 1', 'dist1@rjohnson.example', false),
    oneOffEntry('dist name 2', 'dist2@rjohnson.example', true),
  ]);
  for (const external of [false, true]) {
    const pst = { getNameToIdMapItem: (key: number) => (key === 0x8054 ? 0x8091 : -1) } as unknown as PSTFile;
    const members = distListMembers(pst, fakeMessage(0x8091, value, external));
    assert.deepEqual(
      members.map((m) => [m.name, m.address]),
      [
        ['contact name 1', 'contact1@rjohnson.example'],
        ['dist name 1', 'dist1@rjohnson.example'],
        ['dist name 2', 'dist2@rjohnson.example'],
      ],
    );
    assert.equal(
      distListText('test dist list', members).split('\n')[2],
      'contact name 1 <contact1@rjohnson.example>',
    );
  }
});

test('pst: malformed member lists give no members, never a crash', () => {
  assert.deepEqual(multiBinary(fakeMessage(1, Buffer.from([0xff, 0xff, 0xff, 0x7f])), 1), []);
  assert.deepEqual(multiBinary(fakeMessage(1, Buffer.alloc(2)), 1), []);
  assert.equal(oneOff(Buffer.alloc(40)), null, 'not a one-off EntryID (a wrapped contact id)');
  assert.equal(oneOff(Buffer.alloc(3)), null);
});

test('pst: a contact becomes text with its name, e-mails and phones', () => {
  const c = {
    displayName: 'Quick Brown Fox Jr',
    givenName: 'Quick',
    middleName: 'Brown',
    surname: 'Fox',
    companyName: 'Fenster',
    email1EmailAddress: 'fox@example.org',
    mobileTelephoneNumber: '+1 555 0100',
    get homeTelephoneNumber(): string {
      throw new Error('undecodable property');
    },
    postalAddress: '1 Main St\r\nSpringfield',
  } as unknown as PSTMessage;
  const { text, emails } = contactText(c);
  assert.deepEqual(text.split('\n'), [
    'Full name: Quick Brown Fox',
    'Name: Quick Brown Fox Jr',
    'Company: Fenster',
    'E-mail: fox@example.org',
    'Mobile: +1 555 0100',
    'Address: 1 Main St, Springfield',
  ]);
  assert.deepEqual(emails, ['fox@example.org']);
});

test('pst: PidTagPstPassword set → password-protected', () => {
  const store = (v: number) => ({
    getMessageStore: () => ({ getIntItem: (id: number) => (id === 0x67ff ? v : 0) }),
  });
  assert.equal(isPasswordProtected(store(3860772111 | 0) as unknown as PSTFile), true);
  assert.equal(isPasswordProtected(store(0) as unknown as PSTFile), false);
});
