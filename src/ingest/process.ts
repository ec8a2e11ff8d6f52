import type { DocumentRecord } from '../model/entities.js';
import { makeId, sha256 } from '../model/ids.js';
import { metadataNames } from '../search/document-people.js';
import { guessStemLang, indexNames, indexPeople, indexText } from '../search/normalize.js';
import type { BlobStore } from '../store/blob-store.js';
import { sniffMime } from './documents/sniff.js';
import type { ChildOut, IngestOutput } from './ingestor.js';
import { IngestError, isChildFailure } from './ingestor.js';
import type { Limits } from './limits.js';
import type { FtsPayload, IngestRecord } from './records.js';
import { chooseIngestor, extOf } from './registry.js';

export interface ProcessContext {
  limits: Limits;
  blobs: BlobStore;
  emit: (rec: IngestRecord) => void | Promise<void>;
  /** Top-level input this node came from (journal key). */
  source: string;
  /** Bytes expanded so far from this top-level input. */
  expanded: { bytes: number };
}

export interface NodeInput {
  data: Buffer;
  name: string;
  provenance: string;
  parentId: string | null;
  depth: number;
  declaredMime?: string;
  disposition?: string | null;
  contentId?: string | null;
}

/**
 * Ingests one node: hashes and stores its bytes, picks its ingestor, records the entity, then its
 * children, depth first. Every failure becomes a record (Failures are data, CONVENTIONS.md §4):
 * the node is still an item (status failed or partial) so its original can be listed and exported.
 */
export async function processNode(node: NodeInput, ctx: ProcessContext): Promise<string> {
  const sha = sha256(node.data);
  ctx.blobs.put(sha, node.data);
  const head = node.data.subarray(0, 8192);
  const candidate = {
    name: node.name,
    ext: extOf(node.name),
    head,
    size: node.data.length,
    declaredMime: node.declaredMime,
  };
  let out: IngestOutput | undefined;
  let status: 'ok' | 'partial' | 'failed' = 'ok';
  if (node.depth > ctx.limits.maxArchiveDepth) {
    await fail(
      ctx,
      node,
      sha,
      'limit-exceeded',
      `nested more than ${ctx.limits.maxArchiveDepth} containers deep (maxArchiveDepth); kept unopened`,
    );
    status = 'failed';
  } else {
    const ing = chooseIngestor(candidate);
    try {
      out = await ing.ingest({
        data: node.data,
        name: node.name,
        provenance: node.provenance,
        sha256: sha,
        declaredMime: node.declaredMime,
        depth: node.depth,
        fsPath: node.depth === 0 ? ctx.source : undefined,
        limits: ctx.limits,
        expandedBytes: () => ctx.expanded.bytes,
      });
    } catch (err) {
      const e =
        err instanceof IngestError
          ? err
          : new IngestError('error', `${ing.name} parser failed: ${(err as Error)?.message ?? String(err)}`);
      await fail(ctx, node, sha, e.reason, e.message);
      out = e.partial;
      status = out ? 'partial' : 'failed';
    }
  }
  if (node.data.length === 0 && node.depth === 0 && status === 'ok') {
    // A zero-byte input file always leaves a record, whatever ingestor took it (issue #18: one
    // without an extension was taken as empty text and listed nowhere). An empty attachment is
    // content as sent, listed on its message, and not a failure.
    await fail(ctx, node, sha, 'empty', `${node.provenance}: zero-byte file; nothing to read`);
    status = 'failed';
  }
  if (!out) out = failedDocument(node);
  const kind = out.kind;
  const id = makeId(kind, sha);
  const mime =
    out.mime ?? (kind === 'Email' ? 'message/rfc822' : kind === 'Document' ? out.document.mime : null);
  await ctx.emit({ t: 'blob', sha256: sha, size: node.data.length, mime });
  const children = out.children ?? [];
  const childList: ChildOut[] = [];
  const item: Extract<IngestRecord, { t: 'item' }> = {
    t: 'item',
    id,
    kind,
    sha256: sha,
    size: node.data.length,
    mime,
    name: node.name,
    status,
    provenance: node.provenance,
    parentId: node.parentId,
    source: ctx.source,
  };
  if (out.kind === 'Email') {
    // Attachment names go into the message's own index row, so filename: finds the message.
    for (const c of children as Iterable<ChildOut>) childList.push(c);
    const names = childList.filter((c) => !isChildFailure(c)).map((c) => c.name);
    item.email = { ...out.email, attachmentNames: names };
    item.fts = emailFts(item.email);
  } else if (out.kind === 'Document') {
    const doc: DocumentRecord = {
      ...out.document,
      disposition: node.disposition ?? out.document.disposition ?? null,
      contentId: node.contentId ?? out.document.contentId ?? null,
      warnings: [...(out.document.warnings ?? []), ...(out.warnings ?? [])],
    };
    item.document = doc;
    item.fts = {
      subject: '',
      body: doc.text ? indexText(doc.text, guessStemLang(doc.text)) : '',
      names: indexNames(doc.filename ?? node.name),
      // Authors and editors from the metadata: a plain word search finds the documents a name edited.
      people: indexPeople(metadataNames(doc.metadata).join(' ')),
    };
  } else {
    item.folder = out.folder;
  }
  await ctx.emit(item);
  await ctx.emit({ t: 'location', itemId: id, provenance: node.provenance, parentId: node.parentId });
  const iterable = out.kind === 'Email' ? childList : children;
  for await (const child of iterable as AsyncIterable<ChildOut>) {
    await processChild(child, node, id, kind, ctx);
  }
  return id;
}

async function processChild(
  child: ChildOut,
  parent: NodeInput,
  parentId: string,
  parentKind: string,
  ctx: ProcessContext,
): Promise<void> {
  const sep =
    child.provenanceSuffix.startsWith('#') ||
    child.provenanceSuffix.startsWith('!') ||
    child.provenanceSuffix.startsWith('/')
      ? ''
      : '/';
  const provenance = `${parent.provenance}${sep}${child.provenanceSuffix}`;
  if (isChildFailure(child)) {
    const f = child;
    const sha = f.data ? sha256(f.data) : null;
    if (f.data && sha) {
      ctx.blobs.put(sha, f.data);
      await ctx.emit({ t: 'blob', sha256: sha, size: f.data.length, mime: null });
      const id = makeId('Document', sha);
      const mime = sniffMime(f.data.subarray(0, 64), undefined, f.name);
      await ctx.emit({
        t: 'item',
        id,
        kind: 'Document',
        sha256: sha,
        size: f.data.length,
        mime,
        name: f.name,
        status: 'failed',
        provenance,
        parentId,
        source: ctx.source,
        document: {
          filename: f.name,
          mime,
          text: '',
          language: null,
          metadata: f.reason === 'encrypted' ? { encrypted: true } : {},
        },
      });
      await ctx.emit({ t: 'location', itemId: id, provenance, parentId });
    }
    await ctx.emit({
      t: 'failure',
      provenance,
      sha256: sha,
      reason: f.reason,
      message: f.message,
      stage: 'ingest',
    });
    return;
  }
  ctx.expanded.bytes += child.data.length;
  if (parentKind === 'Folder' && ctx.expanded.bytes > ctx.limits.maxExpandedBytes) {
    await ctx.emit({
      t: 'failure',
      provenance,
      sha256: null,
      reason: 'limit-exceeded',
      message: `expanding this entry would pass ${ctx.limits.maxExpandedBytes} bytes from one input (maxExpandedBytes); not extracted`,
      stage: 'ingest',
    });
    return;
  }
  await processNode(
    {
      data: child.data,
      name: child.name,
      provenance,
      parentId,
      depth: parent.depth + 1,
      declaredMime: child.declaredMime,
      disposition: child.disposition,
      contentId: child.contentId,
    },
    ctx,
  );
}

async function fail(
  ctx: ProcessContext,
  node: NodeInput,
  sha: string,
  reason: string,
  message: string,
): Promise<void> {
  await ctx.emit({
    t: 'failure',
    provenance: node.provenance,
    sha256: sha,
    reason,
    message,
    stage: 'ingest',
  });
}

function failedDocument(node: NodeInput): IngestOutput {
  const mime = sniffMime(node.data.subarray(0, 64), node.declaredMime, node.name);
  return {
    kind: 'Document',
    mime,
    document: { filename: node.name || null, mime, text: '', language: null, metadata: {} },
    children: [],
  };
}

function emailFts(e: {
  subject: string | null;
  text: string;
  htmlText: string;
  from: { name: string; address: string } | null;
  to: { name: string; address: string }[];
  cc: { name: string; address: string }[];
  attachmentNames: string[];
}): FtsPayload {
  const body = e.text || e.htmlText;
  const lang = guessStemLang(`${e.subject ?? ''} ${body}`);
  const people = [e.from, ...e.to, ...e.cc]
    .filter(Boolean)
    .map((a) => `${a!.name} ${a!.address}`)
    .join(' ');
  return {
    subject: indexText(e.subject ?? '', lang),
    body: indexText(body, lang),
    names: indexNames(e.attachmentNames.join(' ')),
    people: indexPeople(people),
  };
}
