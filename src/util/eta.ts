/**
 * Time left of a long run, from the rate of its recent progress (issue #12: on a 1,000,000-item
 * ingest, cli-progress's own estimate, an average over its last updates, swung between "5s" and
 * "6h45m" because the ingest reports files in batches of hundreds followed by single files).
 * Here the rate is measured over the last `windowMs` of wall time (the whole run while it is
 * shorter than that), so bursts and pauses even out and a change of pace shows within a window.
 * @example const eta = new Eta(); eta.update(0, 0, 1000); eta.update(10_000, 100, 1000) // 90 (s)
 */
export class Eta {
  private readonly samples: { t: number; v: number }[] = [];

  constructor(private readonly windowMs = 60_000) {}

  /** Records `value` of `total` done at time `now` (ms); returns the seconds left, or null while unknown. */
  update(now: number, value: number, total: number): number | null {
    const s = this.samples;
    // One sample per 250 ms is enough to measure a rate over a window of a minute.
    if (s.length === 0 || now - s[s.length - 1]!.t >= 250) s.push({ t: now, v: value });
    else s[s.length - 1]!.v = value;
    // Drop samples older than the window, but keep one at or before its start.
    while (s.length > 2 && now - s[1]!.t >= this.windowMs) s.shift();
    const first = s[0]!;
    const dt = now - first.t;
    const dv = value - first.v;
    if (dt <= 0 || dv <= 0) return null;
    return Math.max(0, total - value) / (dv / dt) / 1000;
  }
}

/** Seconds as the progress bar shows them: "45s", "5m05s", "2h07m"; "…" while unknown. */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '…';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
