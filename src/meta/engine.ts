import { createHash } from 'node:crypto';
import {
  type ChildFailure,
  type ChildOut,
  type Children,
  IngestError,
  type IngestOutput,
  isChildFailure,
} from '../ingest/ingestor.js';
import { DEFAULT_LIMITS, type Limits } from '../ingest/limits.js';
import { chooseIngestor, extOf } from '../ingest/registry.js';
import type { DocumentMetadata } from '../model/entities.js';

/**
 * The `meta` engine: runs the same ingestors the case ingest uses, directly on loose bytes, with
 * no case and no store (like exiftool). One record per file and per embedded child (attachments
 * of a .msg, messages of a .pst, entries of an archive), depth-first, parents first.
 */
export interface MetaRecord {
  /** Provenance path: `dir/mail.msg`, `dir/mail.msg/attachment/1/plan.docx`, `x.pst!/Inbox#3`. */
  provenance: string;
  depth: number;
  ingestor: string;
  kind: 'Document' | 'Email' | 'Folder' | 'Failure';
  mime: string | null;
  size: number;
  sha256: string;
  /** ok | partial (readable fields kept, see failure) | failed */
  status: 'ok' | 'partial' | 'failed';
  failure?: { reason: string; message: string };
  metadata: DocumentMetadata;
  language: string | null;
  textLength: number;
  text?: string;
  email?: {
    from: string | null;
    to: string[];
    cc: string[];
    subject: string | null;
    date: string | null;
    messageId: string | null;
    /** Outlook message class (IPM.Note …), for .msg files. */
    messageClass?: string;
  };
  folder?: { format: string; entries: number };
  warnings: string[];
}

export interface MetaOptions {
  limits?: Limits;
  /** Keep the extracted text in each record (off by default: exiftool-like output). */
  withText?: boolean;
  /** Do not descend into children. */
  noChildren?: boolean;
}

/**
 * @example for await (const r of metaOfBytes(buf, 'plan.docx')) console.log(r.metadata.author);
 */
export async function* metaOfBytes(
  data: Buffer,
  provenance: string,
  opts: MetaOptions = {},
  depth = 0,
): AsyncGenerator<MetaRecord> {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const name = provenance.split(/[\\/!#]/).pop() ?? provenance;
  const ing = chooseIngestor({ name, ext: extOf(name), head: data.subarray(0, 8192), size: data.length });
  const base = {
    provenance,
    depth,
    ingestor: ing.name,
    size: data.length,
    sha256: createHash('sha256').update(data).digest('hex'),
  };
  let out: IngestOutput | undefined;
  let failure: { reason: string; message: string } | undefined;
  try {
    out = await ing.ingest({
      data,
      name,
      provenance,
      sha256: base.sha256,
      depth,
      limits,
      expandedBytes: () => 0,
    });
  } catch (err) {
    const e = err as Error;
    failure = { reason: err instanceof IngestError ? err.reason : 'error', message: e.message };
    out = err instanceof IngestError ? err.partial : undefined;
  }
  if (!out) {
    yield {
      ...base,
      kind: 'Failure',
      mime: null,
      status: 'failed',
      failure,
      metadata: {},
      language: null,
      textLength: 0,
      warnings: [],
    };
    return;
  }
  yield toRecord(out, base, failure, opts);
  if (opts.noChildren || depth >= limits.maxArchiveDepth) return;
  for await (const c of iterate(out.children ?? [])) {
    if (isChildFailure(c)) yield childFailure(c, provenance, depth + 1, ing.name);
    else yield* metaOfBytes(c.data, provenance + joinSuffix(c), opts, depth + 1);
  }
}

function joinSuffix(c: ChildOut): string {
  return c.provenanceSuffix || `/${c.name}`;
}

async function* iterate(ch: Children): AsyncGenerator<ChildOut | ChildFailure> {
  for await (const c of ch as AsyncIterable<ChildOut | ChildFailure>) yield c;
}

function childFailure(c: ChildFailure, parent: string, depth: number, ingestor: string): MetaRecord {
  return {
    provenance: parent + c.provenanceSuffix,
    depth,
    ingestor,
    kind: 'Failure',
    mime: null,
    size: c.data?.length ?? 0,
    sha256: c.data ? createHash('sha256').update(c.data).digest('hex') : '',
    status: 'failed',
    failure: { reason: c.reason, message: c.message },
    metadata: {},
    language: null,
    textLength: 0,
    warnings: [],
  };
}

type Base = Pick<MetaRecord, 'provenance' | 'depth' | 'ingestor' | 'size' | 'sha256'>;

function toRecord(
  out: IngestOutput,
  base: Base,
  failure: MetaRecord['failure'],
  opts: MetaOptions,
): MetaRecord {
  const status = failure ? 'partial' : 'ok';
  const common = {
    ...base,
    status,
    ...(failure ? { failure } : {}),
    mime: out.mime ?? null,
    warnings: out.warnings ?? [],
  } as const;
  if (out.kind === 'Document') {
    const d = out.document;
    return {
      ...common,
      kind: 'Document',
      mime: d.mime,
      metadata: d.metadata,
      language: d.language,
      textLength: d.text.length,
      ...(opts.withText ? { text: d.text } : {}),
      warnings: d.warnings ?? out.warnings ?? [],
    };
  }
  if (out.kind === 'Email') {
    const e = out.email;
    const a = (x: { name: string; address: string }) => (x.name ? `${x.name} <${x.address}>` : x.address);
    const text = e.text || e.htmlText;
    return {
      ...common,
      kind: 'Email',
      metadata: {},
      language: null,
      textLength: text.length,
      ...(opts.withText ? { text } : {}),
      email: {
        from: e.from ? a(e.from) : null,
        to: e.to.map(a),
        cc: e.cc.map(a),
        subject: e.subject,
        date: e.date,
        messageId: e.messageId,
        ...((e as { messageClass?: string }).messageClass
          ? { messageClass: (e as { messageClass?: string }).messageClass }
          : {}),
      },
    };
  }
  return {
    ...common,
    kind: 'Folder',
    metadata: {},
    language: null,
    textLength: 0,
    folder: { format: out.folder.format, entries: out.folder.entries },
  };
}
