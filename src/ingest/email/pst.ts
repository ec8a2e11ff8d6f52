import { PSTFile, type PSTFolder, type PSTMessage } from 'pst-extractor';
import { PSTNodeInputStream } from 'pst-extractor/dist/PSTNodeInputStream.class.js';
import { terminalText } from '../../util/terminal-safe.js';
import {
  type Candidate,
  type ChildFailure,
  type ChildOut,
  IngestError,
  type IngestInput,
  type IngestOutput,
  type Ingestor,
} from '../ingestor.js';
import { checkPstBTrees, guardNodeStream, PstStructureError } from './pst-guard.js';
import { contactText, distListMembers, distListText, isPasswordProtected } from './pst-items.js';
import { type PstAttachmentLike, type PstMessageLike, toRfc822 } from './pst-mime.js';

guardNodeStream(PSTNodeInputStream.prototype as unknown as { readCompletely(t: Buffer): void });

/** `!BDN` at offset 0 ([MS-PST] §2.2.2.6 HEADER.dwMagic). */
const PST_MAGIC = [0x21, 0x42, 0x44, 0x4e];

/**
 * Outlook data files (.pst/.ost, [MS-PST]) through pst-extractor: a Folder whose children are
 * its messages, each rebuilt as RFC 822 (pst-mime.ts) under a provenance naming its folder path:
 * `mail.pst!/Inbox/Projets#12`. A folder or message the library cannot read becomes a child
 * failure; the rest of the file is still read.
 */
export const pstIngestor: Ingestor = {
  name: 'pst',
  mimeTypes: ['application/vnd.ms-outlook-pst'],
  extensions: ['pst', 'ost'],
  score: (c: Candidate) => (PST_MAGIC.every((b, i) => c.head[i] === b) ? 70 : 0),
  async ingest(input: IngestInput): Promise<IngestOutput> {
    return libraryLogsToStderr(() => readPst(input));
  },
};

/**
 * pst-extractor reports what it cannot read with console.log, which is standard output: a damaged
 * PST would put "Exception Error in No: 3" in front of `ingest --json`. Its lines go to standard
 * error instead, while its synchronous calls run; its console.error too, and every line escaped
 * (util/terminal-safe.ts): it quotes folder names from the leaked file.
 */
function libraryLogsToStderr<T>(fn: () => T): T {
  const saved = { log: console.log, info: console.info, debug: console.debug, error: console.error };
  const toStderr = (...args: unknown[]) =>
    void process.stderr.write(`pst-extractor: ${terminalText(args.map(String).join(' '))}\n`);
  console.log = console.info = console.debug = console.error = toStderr;
  try {
    return fn();
  } finally {
    Object.assign(console, saved);
  }
}

function readPst(input: IngestInput): IngestOutput {
  let pst: PSTFile;
  try {
    // pst-extractor walks its B-trees without loop detection: check them first (#18).
    checkPstBTrees(input.data);
    pst = new PSTFile(input.data);
  } catch (err) {
    const what =
      err instanceof PstStructureError ? 'broken Outlook data file' : 'unreadable Outlook data file';
    throw new IngestError('corrupt', `${input.name}: ${what} (${(err as Error).message})`);
  }
  const children: (ChildOut | ChildFailure)[] = [];
  try {
    walk(pst, pst.getRootFolder(), '', children, 0);
  } catch (err) {
    // The root folder itself could not be read (the library throws on a damaged index).
    throw new IngestError(
      'corrupt',
      `${input.name}: unreadable Outlook data file (${(err as Error).message})`,
    );
  }
  const entries = children.length;
  const warnings = isPasswordProtected(pst)
    ? [
        'password-protected: Outlook asks for a password to open this file (PidTagPstPassword is set); the password does not encrypt the contents, which were read',
      ]
    : [];
  return {
    kind: 'Folder',
    mime: 'application/vnd.ms-outlook-pst',
    folder: { format: 'pst', name: input.name, entries, warnings },
    children,
    warnings,
  };
}

const safe = (s: string) => s.replace(/[/\\#!]/g, '_');

function walk(
  pst: PSTFile,
  folder: PSTFolder,
  path: string,
  out: (ChildOut | ChildFailure)[],
  depth: number,
): void {
  if (depth > 64) return;
  try {
    if (folder.contentCount > 0) {
      let i = 0;
      for (
        let m = folder.getNextChild() as PSTMessage | null;
        m;
        m = folder.getNextChild() as PSTMessage | null
      ) {
        i++;
        out.push(message(pst, m, path, i));
      }
      // pst-extractor skips a message it cannot load (it logs and moves on): count, and record
      // the shortfall, so no message is lost without a trace (issue #18).
      if (i < folder.contentCount)
        out.push({
          provenanceSuffix: `!${path || '/'}#unread`,
          name: path,
          reason: 'corrupt',
          message: `folder ${path || '/'}: ${folder.contentCount - i} of ${folder.contentCount} messages could not be read`,
        });
    }
  } catch (err) {
    out.push({
      provenanceSuffix: `!${path || '/'}`,
      name: path,
      reason: 'corrupt',
      message: `folder ${path || '/'}: ${(err as Error).message}`,
    });
  }
  let subs: PSTFolder[] = [];
  try {
    subs = folder.hasSubfolders ? folder.getSubFolders() : [];
  } catch (err) {
    out.push({
      provenanceSuffix: `!${path || '/'}`,
      name: path,
      reason: 'corrupt',
      message: `subfolders of ${path || '/'}: ${(err as Error).message}`,
    });
  }
  for (const s of subs) {
    try {
      walk(pst, s, `${path}/${safe(s.displayName)}`, out, depth + 1);
    } catch (err) {
      out.push({
        provenanceSuffix: `!${path || '/'}`,
        name: path,
        reason: 'corrupt',
        message: `a subfolder of ${path || '/'}: ${(err as Error).message}`,
      });
    }
  }
}

/** Contacts and distribution lists have no body: their properties become the text. */
function withItemText(pst: PSTFile, m: PSTMessage): PstMessageLike {
  const cls = m.messageClass ?? '';
  let text = '';
  if (/^IPM\.Contact/i.test(cls)) text = contactText(m).text;
  else if (/^IPM\.DistList/i.test(cls)) text = distListText(m.subject, distListMembers(pst, m));
  else return m;
  return {
    subject: m.subject,
    senderName: m.senderName,
    senderEmailAddress: m.senderEmailAddress,
    displayTo: m.displayTo,
    displayCC: m.displayCC,
    clientSubmitTime: m.clientSubmitTime,
    messageDeliveryTime: m.messageDeliveryTime,
    internetMessageId: m.internetMessageId,
    transportMessageHeaders: m.transportMessageHeaders,
    body: [text, m.body].filter(Boolean).join('\n\n'),
    bodyHTML: m.bodyHTML,
  };
}

function message(pst: PSTFile, m: PSTMessage, path: string, i: number): ChildOut | ChildFailure {
  const suffix = `!${path || '/'}#${i}`;
  try {
    const data = toRfc822(withItemText(pst, m), attachments(m));
    return {
      data,
      name: `${safe(m.subject || 'message').slice(0, 80)}.eml`,
      provenanceSuffix: suffix,
      declaredMime: 'message/rfc822',
    };
  } catch (err) {
    return {
      provenanceSuffix: suffix,
      name: `message-${i}`,
      reason: 'corrupt',
      message: `message ${i} in ${path || '/'}: ${(err as Error).message}`,
    };
  }
}

function attachments(m: PSTMessage): PstAttachmentLike[] {
  const out: PstAttachmentLike[] = [];
  for (let k = 0; k < m.numberOfAttachments; k++) {
    const a = m.getAttachment(k);
    const stream = a.fileInputStream;
    if (!stream) continue;
    const data = Buffer.alloc(a.filesize);
    stream.readCompletely(data);
    out.push({ name: a.longFilename || a.filename || `attachment-${k + 1}`, mime: a.mimeTag, data });
  }
  return out;
}
