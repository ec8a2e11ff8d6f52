import type { PSTFile, PSTMessage } from 'pst-extractor';

/**
 * Text for Outlook items that are not mail: a contact or a distribution list carries no body, its
 * content is in properties (names, e-mail addresses, phone numbers, members). Without this text
 * they were ingested empty, so a search for a phone number or an address found nothing.
 */

/** PSETID_Address ([MS-OXPROPS] §1.3.2) named properties of distribution lists ([MS-OXOCNTC] §2.2.2). */
const PID_LID_DL_ONE_OFF_MEMBERS = 0x8054;
/** pst-extractor's index for PSETID_Address in its name-to-id map (its OutlookProperties enum, not exported). */
const PSETID_ADDRESS = 2;
/** PidTagPstPassword ([MS-PST] §2.4.3.1 Message store): CRC-32 of the password, 0 when none. */
const PID_TAG_PST_PASSWORD = 0x67ff;
/** The one-off EntryID provider ([MS-OXCDATA] §2.2.5.1). */
const ONE_OFF_UID = '812b1fa4bea310199d6e00dd010f5402';
const MAPI_UNICODE = 0x8000;

/** Contact fields worth reading, as label → pst-extractor getter name. */
const CONTACT_FIELDS: [string, string][] = [
  ['Name', 'displayName'],
  ['Company', 'companyName'],
  ['Title', 'title'],
  ['Department', 'departmentName'],
  ['E-mail', 'email1EmailAddress'],
  ['E-mail 2', 'email2EmailAddress'],
  ['E-mail 3', 'email3EmailAddress'],
  ['Mobile', 'mobileTelephoneNumber'],
  ['Business phone', 'businessTelephoneNumber'],
  ['Home phone', 'homeTelephoneNumber'],
  ['Other phone', 'otherTelephoneNumber'],
  ['Business fax', 'businessFaxNumber'],
  ['Address', 'postalAddress'],
  ['Work address', 'workAddress'],
  ['Home address', 'homeAddress'],
  ['Web page', 'businessHomePage'],
  ['IM', 'instantMessagingAddress'],
  ['Note', 'note'],
];

type Getter = Record<string, unknown>;

/** "Label: value" lines for every filled contact field; the e-mails for the From/To-less record. */
export function contactText(c: PSTMessage): { text: string; emails: string[] } {
  const g = c as unknown as Getter;
  const lines: string[] = [];
  const emails: string[] = [];
  const name = [g.givenName, g.middleName, g.surname].filter((x) => typeof x === 'string' && x).join(' ');
  if (name && name !== g.displayName) lines.push(`Full name: ${name}`);
  for (const [label, key] of CONTACT_FIELDS) {
    let v: unknown;
    try {
      v = g[key];
    } catch {
      continue; // a property the library cannot decode is skipped, the rest is kept
    }
    if (typeof v !== 'string' || !v.trim()) continue;
    lines.push(`${label}: ${v.replace(/\r?\n/g, ', ').trim()}`);
    if (key.startsWith('email') && v.includes('@')) emails.push(v.trim());
  }
  return { text: lines.join('\n'), emails };
}

export interface DistListMember {
  name: string;
  address: string;
  type: string;
}

/** Members of an IPM.DistList from PidLidDistributionListOneOffMembers (one entry per member). */
export function distListMembers(pst: PSTFile, m: PSTMessage): DistListMember[] {
  const id = pst.getNameToIdMapItem(PID_LID_DL_ONE_OFF_MEMBERS, PSETID_ADDRESS);
  const raw = multiBinary(m, id);
  return raw.map(oneOff).filter((x): x is DistListMember => x !== null);
}

export function distListText(name: string, members: DistListMember[]): string {
  return [
    `Distribution list: ${name}`,
    `${members.length} member(s):`,
    ...members.map((x) => `${x.name}${x.address ? ` <${x.address}>` : ''}`),
  ].join('\n');
}

/** The store's password property is set: Outlook asks for a password (the data is not encrypted by it). */
export function isPasswordProtected(pst: PSTFile): boolean {
  try {
    const store = pst.getMessageStore() as unknown as { getIntItem(id: number, d?: number): number };
    return store.getIntItem(PID_TAG_PST_PASSWORD, 0) !== 0;
  } catch {
    return false;
  }
}

interface TableItem {
  entryValueType: number;
  isExternalValueReference: boolean;
  entryValueReference: number;
  data: Buffer;
}

/**
 * A PtypMultipleBinary (0x1102) property: pst-extractor only reads single binaries. [MS-PST]
 * §2.3.3.4.2: ulCount, ulCount 32-bit offsets, then the values back to back.
 */
export function multiBinary(m: PSTMessage, id: number): Buffer[] {
  const o = m as unknown as {
    pstTableItems: Map<number, TableItem> | null;
    localDescriptorItems: Map<number, { getData(): Buffer }> | null;
  };
  const item = o.pstTableItems?.get(id);
  if (item?.entryValueType !== 0x1102) return [];
  const data = item.isExternalValueReference
    ? o.localDescriptorItems?.get(item.entryValueReference)?.getData()
    : item.data;
  if (!data || data.length < 4) return [];
  const n = data.readUInt32LE(0);
  if (n > 10_000 || 4 + 4 * n > data.length) return [];
  const offs = Array.from({ length: n }, (_, i) => data.readUInt32LE(4 + 4 * i));
  return offs.map((start, i) => data.subarray(start, i + 1 < n ? offs[i + 1] : data.length));
}

/** One-off EntryID ([MS-OXCDATA] §2.2.5.1): flags, provider UID, version, flags, then 3 strings. */
export function oneOff(b: Buffer): DistListMember | null {
  if (b.length < 24 || b.subarray(4, 20).toString('hex') !== ONE_OFF_UID) return null;
  const flags = b.readUInt16LE(22);
  const unicode = (flags & MAPI_UNICODE) !== 0;
  const strings: string[] = [];
  let pos = 24;
  for (let k = 0; k < 3 && pos < b.length; k++) {
    const end = unicode ? findNul16(b, pos) : b.indexOf(0, pos);
    const stop = end < 0 ? b.length : end;
    strings.push(b.toString(unicode ? 'utf16le' : 'latin1', pos, stop));
    pos = stop + (unicode ? 2 : 1);
  }
  const [name = '', type = '', address = ''] = strings;
  return { name, type, address: type.toUpperCase() === 'SMTP' ? address.toLowerCase() : address };
}

function findNul16(b: Buffer, from: number): number {
  for (let i = from; i + 1 < b.length; i += 2) if (b[i] === 0 && b[i + 1] === 0) return i;
  return -1;
}
