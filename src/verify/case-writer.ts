/** Buffered writes of verdict rows and flags, committed in transactions. */
import type { Store } from '../store/store.js';
import type { ForensicFlag, MessageVerification } from './types.js';

const BATCH = 500;

/** Buffers writes and commits them in transactions of BATCH rows (one fsync per batch, not per row). */
export function batchWriter(store: Store) {
  const ins = store.db.prepare(
    `INSERT OR REPLACE INTO verdicts(item_id, verdict, reason, signing_domains, signatures_json, arc_json, as_of) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  let pending: (() => void)[] = [];
  let written = 0;
  const flush = (): number => {
    const n = pending.length;
    const jobs = pending;
    pending = [];
    store.db.transaction(() => {
      for (const j of jobs) j();
    })();
    written += n;
    return n;
  };
  const push = (job: () => void) => {
    pending.push(job);
    if (pending.length >= BATCH) flush();
  };
  return {
    verdict(id: string, v: MessageVerification) {
      const domains = [...new Set(v.signatures.map((s) => s.domain).filter(Boolean))].sort().join(',');
      push(() =>
        ins.run(
          id,
          v.verdict,
          v.reason,
          domains || null,
          JSON.stringify(v.signatures),
          JSON.stringify(v.arc),
          v.asOf,
        ),
      );
    },
    flag(itemId: string, f: ForensicFlag) {
      push(() => store.addFlag({ itemId, stage: 'verify', ...f }));
    },
    flush,
    get written() {
      return written;
    },
  };
}
