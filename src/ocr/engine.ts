import { availableParallelism } from 'node:os';
import { createWorker, OEM, type Worker } from 'tesseract.js';
import { langDir } from './lang-data.js';

/** What the engine read on one image. */
export interface Recognized {
  text: string;
  /** tesseract's mean word confidence, 0–100 (0 when no word was read). */
  confidence: number;
  /** Languages the page was read with, e.g. "eng+fra". */
  lang: string;
  seconds: number;
}

export class OcrTimeout extends Error {}

interface Slot {
  worker: Promise<Worker>;
  busy: boolean;
}

/**
 * A pool of tesseract.js workers (each its own worker thread running the WebAssembly engine), one
 * per core by default, fed from one queue. Each page has a wall-time budget: past it, its thread
 * is terminated and replaced, and the page fails alone (tesseract.js has no cancel). Models come
 * from local files only (lang-data.ts); `cacheMethod: 'none'` keeps tesseract.js from writing
 * `*.traineddata` caches into the working directory.
 * @example const pool = new OcrPool(['eng', 'fra']); const r = await pool.recognize(png); await pool.close();
 */
export class OcrPool {
  private readonly slots = new Map<string, Slot[]>();
  private readonly waiting: (() => void)[] = [];
  private readonly dirs: { dispose: () => void }[] = [];

  constructor(
    readonly langs: string[],
    readonly size = Math.max(1, Math.min(availableParallelism(), 8)),
    readonly pageSeconds = 120,
  ) {}

  /** Reads one encoded image (PNG, JPEG, GIF, BMP, WebP, TIFF) with `langs` (default: the pool's). */
  async recognize(image: Uint8Array, langs: string[] = this.langs): Promise<Recognized> {
    const key = langs.join('+');
    const slot = await this.acquire(key);
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      const worker = await slot.worker;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new OcrTimeout(`OCR took over ${this.pageSeconds} s: stopped`)),
          this.pageSeconds * 1000,
        );
      });
      const r = await Promise.race([worker.recognize(Buffer.from(image)), timeout]);
      return {
        text: r.data.text ?? '',
        confidence: r.data.confidence ?? 0,
        lang: key,
        seconds: (performance.now() - started) / 1000,
      };
    } catch (err) {
      // The thread may be wedged (timeout) or broken (abort in WebAssembly): replace it.
      const old = slot.worker;
      slot.worker = this.spawn(key);
      old.then((w) => w.terminate()).catch(() => {});
      throw err;
    } finally {
      clearTimeout(timer);
      slot.busy = false;
      this.waiting.shift()?.();
    }
  }

  private async acquire(key: string): Promise<Slot> {
    for (;;) {
      let list = this.slots.get(key);
      if (!list) {
        list = [];
        this.slots.set(key, list);
      }
      const free = list.find((s) => !s.busy);
      if (free) {
        free.busy = true;
        return free;
      }
      // Threads of other language sets count against the same budget of cores.
      const total = [...this.slots.values()].reduce((n, l) => n + l.length, 0);
      if (list.length < this.size && total < this.size + 1) {
        const slot: Slot = { worker: this.spawn(key), busy: true };
        list.push(slot);
        return slot;
      }
      await new Promise<void>((r) => this.waiting.push(r));
    }
  }

  private spawn(key: string): Promise<Worker> {
    const d = langDir(key.split('+'));
    this.dirs.push(d);
    return createWorker(key, OEM.LSTM_ONLY, {
      langPath: d.dir,
      gzip: true,
      cacheMethod: 'none',
      errorHandler: () => {},
    });
  }

  /** Stops every thread and removes the model links. */
  async close(): Promise<void> {
    const all = [...this.slots.values()].flat();
    this.slots.clear();
    await Promise.allSettled(all.map(async (s) => (await s.worker).terminate()));
    for (const d of this.dirs) d.dispose();
  }
}
