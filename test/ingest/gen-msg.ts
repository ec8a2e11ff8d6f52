import CFB from 'cfb';

/**
 * A minimal Outlook .msg ([MS-OXMSG]) written with `cfb`: string properties as
 * `__substg1.0_<id><type>` streams, fixed-size ones (times, integers) in the top-level
 * `__properties_version1.0` stream (32-byte header, then 16 bytes per property, §2.4.1.1).
 */
export interface MsgSpec {
  /** PT_STRING8 (001E) properties: id → bytes in the code page the writer used. */
  ansi?: Record<number, Buffer>;
  /** PT_UNICODE (001F) properties: id → text. */
  unicode?: Record<number, string>;
  /** PT_SYSTIME (0040) properties: id → time. */
  times?: Record<number, Date>;
  /** PT_LONG (0003) properties: id → value. */
  ints?: Record<number, number>;
}

export const PR = {
  MESSAGE_CLASS: 0x001a,
  SUBJECT: 0x0037,
  CLIENT_SUBMIT_TIME: 0x0039,
  MESSAGE_DELIVERY_TIME: 0x0e06,
  CREATION_TIME: 0x3007,
  LAST_MODIFICATION_TIME: 0x3008,
  BODY: 0x1000,
  DISPLAY_NAME: 0x3001,
  COMPANY_NAME: 0x3a16,
  BUSINESS_TELEPHONE: 0x3a08,
  MOBILE_TELEPHONE: 0x3a1c,
  INTERNET_CPID: 0x3fde,
  MESSAGE_LOCALE_ID: 0x3ff1,
  MESSAGE_CODEPAGE: 0x3ffd,
} as const;

const hex = (id: number, type: number) =>
  `${id.toString(16).padStart(4, '0')}${type.toString(16).padStart(4, '0')}`.toUpperCase();

function filetime(d: Date): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE((BigInt(d.getTime()) + 11644473600000n) * 10000n);
  return b;
}

export function buildMsg(spec: MsgSpec): Buffer {
  const cfb = CFB.utils.cfb_new();
  for (const [id, bytes] of Object.entries(spec.ansi ?? {}))
    CFB.utils.cfb_add(
      cfb,
      `/__substg1.0_${hex(Number(id), 0x001e)}`,
      Buffer.concat([bytes, Buffer.from([0])]),
    );
  for (const [id, text] of Object.entries(spec.unicode ?? {}))
    CFB.utils.cfb_add(cfb, `/__substg1.0_${hex(Number(id), 0x001f)}`, Buffer.from(`${text}\0`, 'utf16le'));
  const entries: Buffer[] = [Buffer.alloc(32)];
  const prop = (id: number, type: number, value: Buffer) => {
    const e = Buffer.alloc(16);
    e.writeUInt32LE(((id << 16) | type) >>> 0, 0);
    e.writeUInt32LE(6, 4); // PROPATTR_READABLE | PROPATTR_WRITABLE
    value.copy(e, 8);
    entries.push(e);
  };
  for (const [id, d] of Object.entries(spec.times ?? {})) prop(Number(id), 0x0040, filetime(d));
  for (const [id, n] of Object.entries(spec.ints ?? {})) {
    const v = Buffer.alloc(8);
    v.writeInt32LE(n, 0);
    prop(Number(id), 0x0003, v);
  }
  CFB.utils.cfb_add(cfb, '/__properties_version1.0', Buffer.concat(entries));
  CFB.utils.cfb_add(cfb, '/__nameid_version1.0/__substg1.0_00020102', Buffer.alloc(0));
  CFB.utils.cfb_add(cfb, '/__nameid_version1.0/__substg1.0_00030102', Buffer.alloc(0));
  CFB.utils.cfb_add(cfb, '/__nameid_version1.0/__substg1.0_00040102', Buffer.alloc(0));
  return Buffer.from(CFB.write(cfb, { type: 'buffer' }) as Uint8Array);
}
