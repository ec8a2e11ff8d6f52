import CFB from 'cfb';
import type { DocumentMetadata } from '../../model/entities.js';
import {
  type Candidate,
  IngestError,
  type IngestInput,
  type IngestOutput,
  type Ingestor,
} from '../ingestor.js';
import { CfbStructureError, checkCfbStructure } from './cfb-guard.js';
import { lcidTag } from './lcid.js';
import { readPpt } from './ole-ppt.js';
import { oleMetadata } from './ole-props.js';
import { readWord } from './ole-word.js';
import { readXls } from './ole-xls.js';
import { documentOutput, hasMagic } from './record.js';

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const MIME: Record<string, string> = {
  doc: 'application/msword',
  dot: 'application/msword',
  xls: 'application/vnd.ms-excel',
  xlt: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
  pps: 'application/vnd.ms-powerpoint',
  ooxml: 'application/x-tika-ooxml-protected',
  ole: 'application/x-ole-storage',
};

/**
 * Legacy Office files in an OLE2 compound file ([MS-CFB]): Word, Excel and PowerPoint 97–2003,
 * and password-protected OOXML (which Office stores as an OLE2 file holding `EncryptionInfo` and
 * `EncryptedPackage`, [MS-OFFCRYPTO] §2.3.4). Outlook .msg files are left to the msg ingestor.
 */
export const oleIngestor: Ingestor = {
  name: 'ole',
  mimeTypes: Object.values(MIME),
  extensions: ['doc', 'dot', 'xls', 'xlt', 'ppt', 'pps'],
  score(c: Candidate): number {
    if (!hasMagic(c.head, OLE_MAGIC)) return 0;
    return c.ext === 'msg' ? 10 : 60;
  },
  async ingest(input: IngestInput): Promise<IngestOutput> {
    let cfb: CFB.CFB$Container;
    try {
      // cfb follows sector chains without loop detection: validate them first (#18).
      checkCfbStructure(input.data);
      cfb = CFB.read(input.data, { type: 'buffer' });
    } catch (err) {
      throw new IngestError(
        'corrupt',
        `${input.name}: ${err instanceof CfbStructureError ? 'broken' : 'not a readable'} OLE2 compound file (${(err as Error).message})`,
      );
    }
    const stream = (name: string) => {
      const e = CFB.find(cfb, name);
      return e?.content ? Buffer.from(e.content as Uint8Array) : undefined;
    };
    const meta = oleMetadata(stream('\u0005SummaryInformation'), stream('\u0005DocumentSummaryInformation'));
    return readBody(input, meta, stream);
  },
};

type StreamFn = (name: string) => Buffer | undefined;

function readBody(input: IngestInput, meta: DocumentMetadata, stream: StreamFn): IngestOutput {
  const warnings: string[] = [];
  let text = '';
  let kind = 'ole';
  let encrypted = meta.encrypted === true;
  const word = stream('WordDocument');
  const book = stream('Workbook') ?? stream('Book');
  const ppt = stream('PowerPoint Document');
  if (stream('EncryptedPackage') && stream('EncryptionInfo')) {
    kind = 'ooxml';
    encrypted = true;
  } else if (word) {
    kind = 'doc';
    const w = readWord(word, stream('0Table'), stream('1Table'));
    encrypted ||= w.encrypted;
    text = w.text;
    Object.assign(meta, { appLanguage: w.appLanguage, savedBy: w.savedBy });
  } else if (book) {
    kind = 'xls';
    const x = readXls(book);
    encrypted ||= x.encrypted;
    text = [...x.sheets, ...x.strings].join('\n');
    if (!meta.codepage && x.codepage) meta.codepage = x.codepage;
  } else if (ppt) {
    kind = 'ppt';
    const p = readPpt(ppt);
    encrypted ||= p.encrypted || stream('EncryptedSummary') !== undefined;
    text = p.text;
  }
  const ext = input.name.split('.').pop()?.toLowerCase() ?? '';
  const mime = kind !== 'ooxml' && MIME[ext] && extMatches(ext, kind) ? MIME[ext]! : MIME[kind]!;
  if (encrypted) {
    meta.encrypted = true;
    const out = documentOutput(input, mime, meta, text, [`${input.name}: password-protected`]);
    throw new IngestError(
      'encrypted',
      `${input.name}: password-protected ${kind} file; properties read, text not`,
      out,
    );
  }
  return documentOutput(input, mime, meta, text, warnings);
}

function extMatches(ext: string, kind: string): boolean {
  return (MIME[ext] ?? '') === MIME[kind];
}

export { lcidTag };
