import iconv from 'iconv-lite';

/**
 * What an Outlook .msg leaves implicit: the code page of its 8-bit strings and, for items never
 * sent, which of its times is "the date".
 */
export interface MsgCodepageFields {
  messageCodepage?: number;
  internetCodepage?: number;
  messageLocaleId?: number;
}

/** Windows ANSI code pages by primary language of an LCID ([MS-LCID]; Windows' ANSI table). */
const ANSI_BY_LANG: Record<number, number> = {
  17: 932, // Japanese
  18: 949, // Korean
  30: 874, // Thai
  25: 1251, // Russian
  34: 1251, // Ukrainian
  2: 1251, // Bulgarian
  35: 1251, // Belarusian
  47: 1251, // Macedonian
  63: 1251, // Kazakh
  8: 1253, // Greek
  31: 1254, // Turkish
  13: 1255, // Hebrew
  1: 1256, // Arabic
  41: 1256, // Persian
  32: 1256, // Urdu
  5: 1250, // Czech
  21: 1250, // Polish
  14: 1250, // Hungarian
  27: 1250, // Slovak
  36: 1250, // Slovenian
  26: 1250, // Croatian / Serbian (Latin)
  24: 1250, // Romanian
  28: 1250, // Albanian
  37: 1257, // Estonian
  38: 1257, // Latvian
  39: 1257, // Lithuanian
  42: 1258, // Vietnamese
};

/** Code pages that are themselves Windows ANSI/DBCS code pages (usable for PT_STRING8). */
const ANSI_PAGES = new Set([874, 932, 936, 949, 950, 1250, 1251, 1252, 1253, 1254, 1255, 1256, 1257, 1258]);

/**
 * The code page of the message's PT_STRING8 properties: PidTagMessageCodepage ([MS-OXCMSG]
 * §2.2.1.4), else PidTagInternetCodepage when it is an ANSI code page (it is often 50220,
 * ISO-2022-JP, for Japanese mail: the body's MIME charset, not the strings'), else the ANSI code
 * page of PidTagMessageLocaleId's language (1041 ja-JP → 932). Chinese depends on the region:
 * zh-TW/HK/MO use 950, zh-CN/SG 936. Null when nothing says, or when it is plain Windows-1252.
 */
export function ansiCodepage(d: MsgCodepageFields): number | null {
  const pick = (cp: number | undefined) => (cp && ANSI_PAGES.has(cp) ? cp : null);
  const lcid = d.messageLocaleId ?? 0;
  const lang = lcid & 0x3ff;
  const chinese = lang === 0x04 ? ([0x0804, 0x1004].includes(lcid) ? 936 : 950) : null;
  const cp = pick(d.messageCodepage) ?? pick(d.internetCodepage) ?? chinese ?? ANSI_BY_LANG[lang] ?? null;
  if (cp === null || cp === 1252) return null;
  const name = `cp${cp}`;
  return iconv.encodingExists(name) ? cp : null;
}

export interface MsgTimes {
  clientSubmitTime?: string;
  messageDeliveryTime?: string;
  lastModificationTime?: string;
  creationTime?: string;
}

/**
 * The message's date and where it came from. PR_CLIENT_SUBMIT_TIME (sent) first, then
 * PR_MESSAGE_DELIVERY_TIME (received; also set on drafts saved from Outlook), then the transport
 * header's Date, then the item's own modification and creation times (unsent drafts, contacts).
 */
export function msgDate(
  t: MsgTimes,
  headerDate: string | null,
): { date: string | null; source: string | null } {
  const iso = (v: string | undefined) => {
    if (!v) return null;
    const d = new Date(v);
    return Number.isFinite(d.getTime()) ? d.toISOString() : null;
  };
  const candidates: [string | null, string][] = [
    [iso(t.clientSubmitTime), 'PR_CLIENT_SUBMIT_TIME'],
    [iso(t.messageDeliveryTime), 'PR_MESSAGE_DELIVERY_TIME'],
    [headerDate, 'Date header'],
    [iso(t.lastModificationTime), 'PR_LAST_MODIFICATION_TIME'],
    [iso(t.creationTime), 'PR_CREATION_TIME'],
  ];
  const hit = candidates.find(([v]) => v);
  return hit ? { date: hit[0], source: hit[1] } : { date: null, source: null };
}

/** Contact fields of an IPM.Contact .msg (msgreader names), as label → field. */
const CONTACT: [string, string][] = [
  ['Name', 'name'],
  ['Company', 'companyName'],
  ['Title', 'title'],
  ['Department', 'departmentName'],
  ['E-mail', 'email1EmailAddress'],
  ['E-mail 2', 'email2EmailAddress'],
  ['E-mail 3', 'email3EmailAddress'],
  ['Mobile', 'mobileTelephoneNumber'],
  ['Business phone', 'businessTelephoneNumber'],
  ['Home phone', 'homeTelephoneNumber'],
  ['Business fax', 'businessFaxNumber'],
  ['Address', 'postalAddress'],
  ['Work address', 'workAddress'],
  ['Web page', 'businessHomePage'],
];

/** "Label: value" lines of a contact: it has no body, its content is in these properties. */
export function msgContactText(d: Record<string, unknown>): string {
  const lines: string[] = [];
  for (const [label, key] of CONTACT) {
    const v = d[key];
    if (typeof v === 'string' && v.trim()) lines.push(`${label}: ${v.replace(/\r?\n/g, ', ').trim()}`);
  }
  return lines.join('\n');
}
