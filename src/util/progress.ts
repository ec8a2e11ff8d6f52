import cliProgress from 'cli-progress';
import { Eta, formatEta } from './eta.js';

export interface Progress {
  /** Advance by `n` units (items), optionally with bytes processed. */
  tick(n?: number, bytes?: number): void;
  setTotal(total: number): void;
  stop(): void;
}

export interface ProgressOptions {
  label: string;
  total: number;
  /** Unit shown after the counts, e.g. 'files', 'messages', 'posts'. */
  unit?: string;
  /** Show bytes processed as well (ingest). */
  bytes?: boolean;
  /** Force off (JSON output, tests). Progress never goes to stdout: it is drawn on stderr. */
  silent?: boolean;
  /** Decimals of the rate (default 0): slow steps such as OCR show "0.8/s", not "1/s". */
  rateDigits?: number;
}

/**
 * A progress bar on stderr with rate and ETA. It stays silent when stderr is not a terminal, when
 * `--json` is set, or under CI, so machine output stays clean.
 * @example const p = createProgress({ label: 'verify', total: 100, unit: 'messages' }); p.tick(); p.stop();
 */
export function createProgress(opts: ProgressOptions): Progress {
  const enabled =
    !opts.silent && process.stderr.isTTY && !process.env.CI && process.env.LEAKLENS_PROGRESS !== '0';
  if (!enabled) {
    return { tick() {}, setTotal() {}, stop() {} };
  }
  let bytes = 0;
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${opts.label.padEnd(10)} {bar} {percentage}% | {value}/{total} ${opts.unit ?? 'items'} | {rate}/s${opts.bytes ? ' | {mb} MB' : ''} | ETA {etaLeft}`,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 200,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  const start = Date.now();
  // Our own estimate (eta.ts): cli-progress's swings when work is reported in bursts.
  const eta = new Eta();
  let total = Math.max(opts.total, 1);
  eta.update(start, 0, total);
  bar.start(total, 0, { rate: '0', mb: '0.0', etaLeft: '…' });
  return {
    tick(n = 1, b = 0) {
      bytes += b;
      const secs = Math.max((Date.now() - start) / 1000, 0.001);
      const value = (bar as unknown as { value: number }).value + n;
      bar.update(value, {
        rate: (value / secs).toFixed(opts.rateDigits ?? 0),
        mb: (bytes / 1048576).toFixed(1),
        etaLeft: formatEta(eta.update(Date.now(), value, total)),
      });
    },
    setTotal(t: number) {
      total = Math.max(t, 1);
      bar.setTotal(total);
    },
    stop() {
      bar.stop();
    },
  };
}
