/**
 * The 'verify' analysis stage: `leaklens ingest` runs it at the end unless --no-verify. The lead
 * wires `verifyStage` into src/areas.ts.
 */
import { SqliteDb } from '../case/sqlite-db.js';
import type { Stage } from '../pipeline/stages.js';
import { verifyCase } from './case.js';
import { summarizeVerdicts } from './summary.js';

export const verifyStage: Stage = {
  name: 'verify',
  description: 'DKIM/ARC verdict and header forensics for every e-mail (offline; --dns to allow lookups)',
  async run(store, opts) {
    const r = await verifyCase(store, { dns: opts.dns, silent: opts.silent });
    const s = await summarizeVerdicts(new SqliteDb(store.db));
    return {
      stage: 'verify',
      summary: s.sentences.slice(0, 2).join(' '),
      counts: { messages: r.messages, flags: r.flags, failures: r.failures, ...r.counts },
    };
  },
};
