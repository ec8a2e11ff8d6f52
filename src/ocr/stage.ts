import {
  OCR_ALL,
  OCR_CASE_LANGUAGES,
  OCR_DELETE_PAGES,
  OCR_DOC_TEXT,
  OCR_FTS_DELETE,
  OCR_FTS_INSERT,
  OCR_INSERT_PAGE,
  OCR_SET_TEXT,
  OCR_TODO,
  OCR_UPSERT_DOCUMENT,
} from '../case/sql/ocr.js';
import { detectLanguage } from '../ingest/documents/language.js';
import { MAX_TEXT_CHARS } from '../ingest/limits.js';
import type { DocumentMetadata } from '../model/entities.js';
import type { Stage, StageOptions, StageSummary } from '../pipeline/stages.js';
import { metadataNames } from '../search/document-people.js';
import { guessStemLang, indexNames, indexPeople, indexText } from '../search/normalize.js';
import type { Store } from '../store/store.js';
import { createProgress } from '../util/progress.js';
import { OcrPool } from './engine.js';
import { planLangs } from './langs.js';
import { DEFAULT_OCR_LIMITS, type OcrLimits } from './limits.js';
import { type PageResult, readPage } from './read.js';
import { checkImage, embeddedImages, hasImageXObject, type OcrPage, ocrKind, pdfPages } from './sources.js';

export const OCR_STAGE = 'ocr';

export interface OcrOptions extends StageOptions {
  /** Tesseract language codes (`--lang fra,eng`); default: planned from the case (langs.ts). */
  langs?: string[];
  /** Read every candidate again, not only those not yet done. */
  again?: boolean;
  /** OCR threads; default one per core. */
  threads?: number;
  limits?: OcrLimits;
}

interface Candidate {
  id: string;
  sha256: string;
  mime: string | null;
  rid: number;
}

/** The pictures of one item, lazily: a PDF of 500 pages is rendered page by page. */
async function* picturesOf(store: Store, c: Candidate, l: OcrLimits): AsyncGenerator<OcrPage> {
  let bytes: Uint8Array;
  try {
    bytes = store.blobs.get(c.sha256);
  } catch (err) {
    yield {
      page: 1,
      source: 'blob',
      status: 'failed',
      message: `original not readable: ${(err as Error).message}`,
    };
    return;
  }
  const mime = c.mime;
  const kind = ocrKind(bytes, mime);
  if (kind === 'image') yield checkImage(bytes, 1, 'image', l);
  else if (kind === 'pdf' && hasImageXObject(bytes)) yield* pdfPages(bytes, l);
  else if (kind === 'zip') yield* embeddedImages(bytes, l);
}

/** Worst status first, so an item with one failed page says so. */
function itemStatus(pages: PageResult[]): string {
  if (!pages.length) return 'no-images';
  const texts = pages.filter((p) => p.text);
  if (!texts.length) return pages.every((p) => p.status === 'failed') ? 'failed' : 'no-text';
  return texts.some((p) => p.status === 'low-confidence') ? 'low-confidence' : 'ok';
}

/**
 * Writes one item's OCR in one transaction: its pages, its text (own text + OCR text, so search,
 * snippets, triage and entities see it), its full-text row, its low-confidence flag, and the
 * `ocr_documents` row that marks it done. A kill before the commit leaves nothing: resumed later.
 */
function writeItem(store: Store, c: Candidate, pages: PageResult[], l: OcrLimits): number {
  const db = store.db;
  const row = db.prepare(OCR_DOC_TEXT).get(c.id) as
    | {
        text: string;
        filename: string | null;
        name: string | null;
        meta: string;
        language: string | null;
        base_chars: number | null;
      }
    | undefined;
  if (!row) return 0;
  const base = row.base_chars === null ? row.text : row.text.slice(0, Number(row.base_chars));
  const ocrText = pages
    .filter((p) => p.text)
    .map((p) => p.text)
    .join('\n\n');
  const text = (base && ocrText ? `${base}\n\n${ocrText}` : base || ocrText).slice(0, MAX_TEXT_CHARS);
  const withText = pages.filter((p) => p.text && p.confidence !== null);
  const confidence = withText.length
    ? withText.reduce((s, p) => s + (p.confidence as number) * p.text.length, 0) /
      withText.reduce((s, p) => s + p.text.length, 0)
    : null;
  const low = pages.filter((p) => p.status === 'low-confidence');
  db.transaction(() => {
    db.prepare(OCR_DELETE_PAGES).run(c.id);
    const ins = db.prepare(OCR_INSERT_PAGE);
    for (const p of pages)
      ins.run(
        c.id,
        p.page,
        p.source,
        p.lang,
        p.confidence,
        p.text.length,
        p.width,
        p.height,
        p.seconds,
        p.status,
        p.message,
        p.text,
      );
    if (text !== row.text) {
      const language = row.language ?? detectLanguage(text);
      db.prepare(OCR_SET_TEXT).run(text, language, c.id);
      db.prepare(OCR_FTS_DELETE).run(c.rid);
      db.prepare(OCR_FTS_INSERT).run(
        c.rid,
        text ? indexText(text, guessStemLang(text)) : '',
        indexNames(row.filename ?? row.name ?? ''),
        indexPeople(metadataNames(JSON.parse(row.meta) as DocumentMetadata).join(' ')),
      );
    }
    if (low.length)
      store.addFlag({
        itemId: c.id,
        kind: 'ocr-low-confidence',
        severity: 'low',
        message: `OCR read ${low.length} page(s) with low confidence (under ${l.lowConfidence}%): the text may be wrong`,
        evidence: { pages: low.map((p) => ({ page: p.page, source: p.source, confidence: p.confidence })) },
        stage: OCR_STAGE,
      });
    db.prepare(OCR_UPSERT_DOCUMENT).run(
      c.id,
      base.length,
      pages.length,
      ocrText.length,
      confidence === null ? null : Math.round(confidence * 10) / 10,
      itemStatus(pages),
      new Date().toISOString(),
    );
  })();
  return ocrText.length;
}

/**
 * The OCR stage: reads images, PDF pages without a text layer and pictures inside Office/ODF files
 * (e-mail attachments are documents too), on a pool of threads, and adds what it reads to each
 * document's text. Runs after verify and before triage, so triage and entities see OCR text.
 */
export async function runOcr(store: Store, o: OcrOptions = {}): Promise<StageSummary> {
  const l = o.limits ?? DEFAULT_OCR_LIMITS;
  const db = store.db;
  if (o.again) store.clearFlags(OCR_STAGE);
  const todo = db.prepare(o.again ? OCR_ALL : OCR_TODO).all() as Candidate[];
  const counts = { items: 0, pages: 0, withText: 0, lowConfidence: 0, noText: 0, failed: 0, chars: 0 };
  if (!todo.length) return summary(counts, 0);
  const plan = planLangs(
    o.langs ?? [],
    db.prepare(OCR_CASE_LANGUAGES).all() as { language: string; n: number }[],
  );
  const pool = new OcrPool(plan.primary, o.threads, l.maxPageSeconds);
  const progress = createProgress({
    label: 'ocr',
    total: todo.length,
    unit: 'pages',
    silent: o.silent,
    rateDigits: 1,
  });
  const started = performance.now();
  // Pages in flight across items: enough to keep every thread busy, few enough to bound memory.
  const maxInFlight = pool.size * 2;
  let inFlight = 0;
  const slots: (() => void)[] = [];
  const writes: Promise<void>[] = [];
  let discovered = todo.length;
  try {
    for (const c of todo) {
      const results: Promise<PageResult>[] = [];
      let n = 0;
      for await (const p of picturesOf(store, c, l)) {
        if (++n > 1) progress.setTotal(++discovered);
        while (inFlight >= maxInFlight) await new Promise<void>((r) => slots.push(r));
        inFlight++;
        results.push(
          readPage(pool, p, plan, l).finally(() => {
            inFlight--;
            progress.tick();
            slots.shift()?.();
          }),
        );
      }
      if (!n) progress.tick();
      writes.push(
        Promise.all(results).then((pages) => {
          counts.items++;
          counts.pages += pages.length;
          counts.withText += pages.filter((p) => p.text).length;
          counts.lowConfidence += pages.filter((p) => p.status === 'low-confidence').length;
          counts.noText += pages.filter((p) => p.status === 'no-text').length;
          counts.failed += pages.filter((p) => p.status === 'failed').length;
          counts.chars += writeItem(store, c, pages, l);
        }),
      );
    }
    await Promise.all(writes);
  } finally {
    progress.stop();
    await pool.close();
  }
  return summary(counts, (performance.now() - started) / 1000, plan.primary);
}

function summary(c: Record<string, number>, seconds: number, langs: string[] = []): StageSummary {
  const rate = seconds > 0 ? ` (${((c.pages ?? 0) / seconds).toFixed(2)} pages/s)` : '';
  return {
    stage: OCR_STAGE,
    summary:
      `OCR read ${c.pages} page(s) or image(s) of ${c.items} document(s)${langs.length ? ` with ${langs.join('+')}` : ''}${rate}: ` +
      `${c.withText} with text (${c.lowConfidence} low-confidence), ${c.noText} without text, ${c.failed} failed.`,
    counts: { ...c, seconds: Math.round(seconds * 10) / 10 },
  };
}

export const ocrStage: Stage = {
  name: OCR_STAGE,
  description: 'OCR of images, scanned PDF pages and pictures in Office files (turn off with --no-ocr)',
  run: (store, opts) => runOcr(store, opts),
};
