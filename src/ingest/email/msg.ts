import * as msgreader from '@kenjiuno/msgreader';
import type * as MsgReaderModule from '@kenjiuno/msgreader/lib/MsgReader.js';
import type { Address, EmailRecord } from '../../model/entities.js';
import { htmlToText } from '../../util/html-text.js';
import { sanitizeEmailHtml } from '../../util/sanitize.js';
import { CfbStructureError, checkCfbStructure } from '../documents/cfb-guard.js';
import {
  type Candidate,
  type ChildFailure,
  type ChildOut,
  IngestError,
  type IngestInput,
  type IngestOutput,
  type Ingestor,
} from '../ingestor.js';
import { parseRawHeaders } from './headers.js';
import { ansiCodepage, msgContactText, msgDate } from './msg-fields.js';
import { recordFromHeaders } from './rfc822.js';

// CommonJS module: under Node's ESM loader the class sits on `.default` of the default export.
type FieldsData = MsgReaderModule.FieldsData;
interface Reader {
  parserConfig?: { ansiEncoding?: string };
  getFileData(): FieldsData;
  getAttachment(a: FieldsData): { fileName: string; content: Uint8Array };
}
type ReaderClass = new (data: ArrayBuffer | DataView | Buffer) => Reader;
const mod = msgreader as unknown as { default: { default?: ReaderClass } & ReaderClass };
const MsgReader: ReaderClass = mod.default.default ?? mod.default;
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** MSG property streams are named `__substg1.0_XXXXYYYY` ([MS-OXMSG] §2.1.3). */
const SUBSTG = Buffer.from('_\0_\0s\0u\0b\0s\0t\0g\0', 'latin1');

/**
 * Outlook .msg files ([MS-OXMSG]) through @kenjiuno/msgreader: sender, recipients, submit time,
 * the transport headers when Outlook kept them, bodies, and attachments as children.
 */
export const msgIngestor: Ingestor = {
  name: 'msg',
  mimeTypes: ['application/vnd.ms-outlook'],
  extensions: ['msg'],
  score(c: Candidate): number {
    if (!OLE.every((b, i) => c.head[i] === b)) return 0;
    if (c.ext === 'msg') return 70;
    return Buffer.from(c.head).includes(SUBSTG) ? 65 : 0;
  },
  async ingest(input: IngestInput): Promise<IngestOutput> {
    let reader: Reader;
    let data: FieldsData;
    try {
      // msgreader follows sector chains without loop detection: validate them first (#18).
      checkCfbStructure(input.data);
      reader = new MsgReader(input.data);
      data = reader.getFileData();
      // 8-bit strings are decoded as Latin-1 unless told: read again with the message's code page.
      const cp = (data as { error?: string }).error ? null : ansiCodepage(data);
      if (cp) {
        reader = new MsgReader(input.data);
        reader.parserConfig = { ansiEncoding: `cp${cp}` };
        data = reader.getFileData();
      }
    } catch (err) {
      const what = err instanceof CfbStructureError ? 'broken compound file' : 'unreadable Outlook message';
      throw new IngestError('corrupt', `${input.name}: ${what} (${(err as Error).message})`);
    }
    if ((data as { error?: string }).error) {
      throw new IngestError('corrupt', `${input.name}: ${(data as { error?: string }).error}`);
    }
    const email = msgRecord(data);
    const children: (ChildOut | ChildFailure)[] = [];
    (data.attachments ?? []).forEach((a, i) => {
      try {
        const att = reader.getAttachment(a);
        const name = att.fileName || `attachment-${i + 1}`;
        children.push({
          data: Buffer.from(att.content),
          name,
          provenanceSuffix: `/attachment/${i + 1}/${name.replace(/[/\\]/g, '_')}`,
          declaredMime: (a as { attachMimeTag?: string }).attachMimeTag,
          disposition: a.attachmentHidden ? 'inline' : 'attachment',
          contentId: a.pidContentId ?? null,
        });
      } catch (err) {
        // An attachment msgreader cannot decode (e.g. an embedded storage of an unknown kind) is a
        // child failure: recorded, never silently dropped.
        children.push({
          provenanceSuffix: `/attachment/${i + 1}`,
          name: a.fileName ?? `attachment-${i + 1}`,
          reason: 'unsupported',
          message: `attachment ${i + 1} of ${input.name} could not be extracted (${(err as Error).message})`,
        });
      }
    });
    email.attachmentCount = (data.attachments ?? []).length;
    return { kind: 'Email', mime: 'application/vnd.ms-outlook', email, children };
  },
};

type Fields = FieldsData;

/** A damaged property can hold a non-string where a string is typed (found by bench/fuzz, #18). */
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Outlook's fields win over the transport headers for what Outlook itself recorded. */
export function msgRecord(d: Fields): EmailRecord {
  const headers =
    typeof d.headers === 'string' && d.headers
      ? parseRawHeaders(Buffer.from(d.headers, 'utf8'), 2 * 1024 * 1024)
      : [];
  const base = recordFromHeaders(headers.filter((h) => !/^Microsoft Mail Internet Headers/i.test(h.name)));
  const rcpt = (kind: string): Address[] =>
    (d.recipients ?? [])
      .filter((r) => (r.recipType ?? 'to') === kind)
      .map((r) => ({ name: str(r.name), address: (str(r.smtpAddress) || str(r.email)).toLowerCase() }));
  const sender = str(d.senderSmtpAddress) || str(d.senderEmail);
  // An Exchange sender (`/o=…/cn=…`, address type EX) is no address: the transport From is.
  const from: Address | null =
    sender && (sender.includes('@') || !base.from?.address)
      ? { name: str(d.senderName), address: sender.toLowerCase() }
      : base.from;
  const when = msgDate(d, base.date);
  const contact = /^IPM\.Contact/i.test(str(d.messageClass))
    ? msgContactText(d as unknown as Record<string, unknown>)
    : '';
  const html =
    typeof d.bodyHtml === 'string' ? d.bodyHtml : d.html ? Buffer.from(d.html).toString('utf8') : undefined;
  const to = rcpt('to');
  const cc = rcpt('cc');
  const bcc = rcpt('bcc');
  return {
    ...base,
    subject: typeof d.subject === 'string' ? d.subject : base.subject,
    from,
    to: to.length ? to : base.to,
    cc: cc.length ? cc : base.cc,
    bcc: bcc.length ? bcc : base.bcc,
    date: when.date,
    dateRaw: base.dateRaw ?? (when.date ? `${when.source}: ${when.date}` : null),
    text: [contact, str(d.body)].filter((x) => x.trim()).join('\n\n'),
    html: html ? sanitizeEmailHtml(html) : null,
    htmlText: html ? htmlToText(html) : '',
    messageClass: d.messageClass,
  } as EmailRecord;
}
