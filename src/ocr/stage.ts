import { OCR_ALL, OCR_CASE_LANGUAGES, OCR_TODO } from '../case/sql/ocr.js';
import { DELETE_STAGE_FLAGS } from '../case/sql/records.js';
import type { SqlDb } from '../case/sql-db.js';
import { SqliteDb } from '../case/sqlite-db.js';
import type { Stage, StageOptions, StageSummary } from '../pipeline/stages.js';
import type { BlobStore } from '../store/blob-store.js';
import type { Store } from '../store/store.js';
import { createProgress, type Progress } from '../util/progress.js';
import { OcrPool } from './engine.js';
import { type LangPlan, planLangs } from './langs.js';
import { DEFAULT_OCR_LIMITS, type OcrLimits } from './limits.js';
import { type PageResult, readPage } from './read.js';
import { checkImage, embeddedImages, hasImageXObject, type OcrPage, ocrKind, pdfPages } from './sources.js';
import { OCR_STAGE, type OcrCandidate, writeOcrRows } from './write.js';

export { OCR_STAGE };

export interface OcrOptions extends StageOptions {
  /** Tesseract language codes (`--lang fra,eng`); default: planned from the case (langs.ts). */
  langs?: string[];
  /** Read every candidate again, not only those not yet done. */
  again?: boolean;
  /** OCR threads; default one per core. */
  threads?: number;
  limits?: OcrLimits;
}

/** The pictures of one item, lazily: a PDF of 500 pages is rendered page by page. */
async function* picturesOf(blobs: BlobStore, c: OcrCandidate, l: OcrLimits): AsyncGenerator<OcrPage> {
  let bytes: Uint8Array;
  try {
    bytes = blobs.get(c.sha256);
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

/** The models to read a case with (langs.ts), from the languages of its documents. */
export async function planCaseLangs(db: SqlDb, langs: string[] = []): Promise<LangPlan> {
  const rows = await db.all<{ language: string; n: number | string }>(OCR_CASE_LANGUAGES);
  return planLangs(
    langs,
    rows.map((r) => ({ language: r.language, n: Number(r.n) })),
  );
}

/**
 * Reads the pictures of `todo` on `pool`, pages of several items in flight at once (enough to keep
 * every thread busy, few enough to bound memory), and hands each item's pages to `onItem` once all
 * are read (items may finish out of order). Resolves when every `onItem` has.
 */
export async function readItems(
  pool: OcrPool,
  blobs: BlobStore,
  todo: readonly OcrCandidate[],
  plan: LangPlan,
  l: OcrLimits,
  onItem: (c: OcrCandidate, pages: PageResult[]) => Promise<void> | void,
  progress?: Progress,
): Promise<void> {
  const maxInFlight = pool.size * 2;
  let inFlight = 0;
  const slots: (() => void)[] = [];
  const writes: Promise<void>[] = [];
  let discovered = todo.length;
  let error: unknown;
  try {
    for (const c of todo) {
      const results: Promise<PageResult>[] = [];
      let n = 0;
      for await (const p of picturesOf(blobs, c, l)) {
        if (++n > 1) progress?.setTotal(++discovered);
        while (inFlight >= maxInFlight) await new Promise<void>((r) => slots.push(r));
        inFlight++;
        results.push(
          readPage(pool, p, plan, l).finally(() => {
            inFlight--;
            progress?.tick();
            slots.shift()?.();
          }),
        );
      }
      if (!n) progress?.tick();
      writes.push(Promise.all(results).then((pages) => onItem(c, pages)));
    }
  } catch (err) {
    error = err;
  }
  // Every item started is finished (written or failed) before this returns or throws.
  const settled = await Promise.allSettled(writes);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (error !== undefined) throw error;
  if (failed) throw failed.reason;
}

/** Counts of pages read, for the summary. */
export function countPages(counts: Record<string, number>, pages: readonly PageResult[]): void {
  counts.items = (counts.items ?? 0) + 1;
  counts.pages = (counts.pages ?? 0) + pages.length;
  counts.withText = (counts.withText ?? 0) + pages.filter((p) => p.text).length;
  counts.lowConfidence =
    (counts.lowConfidence ?? 0) + pages.filter((p) => p.status === 'low-confidence').length;
  counts.noText = (counts.noText ?? 0) + pages.filter((p) => p.status === 'no-text').length;
  counts.failed = (counts.failed ?? 0) + pages.filter((p) => p.status === 'failed').length;
}

/**
 * The OCR stage: reads images, PDF pages without a text layer and pictures inside Office/ODF files
 * (e-mail attachments are documents too), on a pool of threads, and adds what it reads to each
 * document's text. Runs after verify and before triage, so triage and entities see OCR text.
 */
export async function runOcr(store: Store, o: OcrOptions = {}): Promise<StageSummary> {
  return runOcrDb(new SqliteDb(store.db), store.blobs, o);
}

/**
 * The same over any case database and its blob store. Each item is written in its own transaction
 * (writeOcrRows): a kill before the commit leaves nothing of it, and the next run reads it again.
 */
export async function runOcrDb(db: SqlDb, blobs: BlobStore, o: OcrOptions = {}): Promise<StageSummary> {
  const l = o.limits ?? DEFAULT_OCR_LIMITS;
  if (o.again) await db.run(DELETE_STAGE_FLAGS, [OCR_STAGE]);
  const todo = await db.all<OcrCandidate>(o.again ? OCR_ALL : OCR_TODO);
  const counts = { items: 0, pages: 0, withText: 0, lowConfidence: 0, noText: 0, failed: 0, chars: 0 };
  if (!todo.length) return ocrSummary(counts, 0);
  const plan = await planCaseLangs(db, o.langs);
  const pool = new OcrPool(plan.primary, o.threads, l.maxPageSeconds);
  const progress = createProgress({
    label: 'ocr',
    total: todo.length,
    unit: 'pages',
    silent: o.silent,
    rateDigits: 1,
  });
  const started = performance.now();
  try {
    await readItems(
      pool,
      blobs,
      todo,
      plan,
      l,
      async (c, pages) => {
        countPages(counts, pages);
        // Read the count only after the write: several items are in flight, and `counts.chars +=
        // await …` would add to the value read before another item's write finished.
        const chars = await db.transaction((tx) => writeOcrRows(tx, c, pages, l));
        counts.chars += chars;
      },
      progress,
    );
  } finally {
    progress.stop();
    await pool.close();
  }
  return ocrSummary(counts, (performance.now() - started) / 1000, plan.primary);
}

/** The stage's summary line and counts (the laptop stage's, and a team run's). */
export function ocrSummary(c: Record<string, number>, seconds: number, langs: string[] = []): StageSummary {
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
