import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemo } from '../../src/demo/generate.js';
import { analyseDemo } from '../../src/demo/run-analyses.js';
import type { Truth } from '../../src/demo/truth.js';
import { Store } from '../../src/store/store.js';

/** The outside editor the demo plants (src/demo): his name, as the metadata writes it. */
export const OUTSIDER = 'Рошка Георгий Петрович';

/**
 * A small demo case (seed 2017, no posts), ingested and analysed by every stage of this build, whose
 * truth says which e-mails were forged and which documents the outsider edited.
 */
export async function demoCase(): Promise<{ truth: Truth; store: Store; dir: string; cleanup: () => void }> {
  const root = mkdtempSync(join(tmpdir(), 'leaklens-lists-'));
  const dir = join(root, 'demo');
  const truth = await generateDemo(dir, { size: 'small', seed: 2017, noPosts: true });
  const a = await analyseDemo(dir, truth, { silent: true, workers: 1 });
  const store = Store.open(a.caseDir);
  return {
    truth,
    store,
    dir: a.caseDir,
    cleanup: () => {
      store.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** File names of the documents the truth says the outsider wrote or last saved. */
export function outsiderFiles(truth: Truth): string[] {
  return truth.documents
    .filter((d) => d.author === OUTSIDER || d.lastModifiedBy === OUTSIDER)
    .map((d) => d.filename)
    .sort();
}
