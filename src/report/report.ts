import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { caseFacts } from '../analyze/case-facts.js';
import type { SqlDb } from '../case/sql-db.js';
import { SqliteDb } from '../case/sqlite-db.js';
import { itemTitles } from '../search/item-titles.js';
import { loadSocial } from '../social/load.js';
import { Store } from '../store/store.js';
import { trailWithLinks } from '../trail/with-links.js';
import { amplificationChapter } from './chapters/amplification.js';
import { authenticityChapter } from './chapters/authenticity.js';
import { contentsChapter } from './chapters/contents.js';
import type { ReportContext } from './chapters/context.js';
import { dumpChapter } from './chapters/dump.js';
import { metadataChapter } from './chapters/metadata.js';
import { namedInTextSection } from './chapters/names.js';
import { suspectsChapter } from './chapters/suspects.js';
import { type TrailInput, trailChapter } from './chapters/trail.js';
import { esc, fmt, htmlTable, Refs } from './html.js';
import { REPORT_CSS } from './report-css.js';

export interface ReportOptions {
  title?: string;
  /** Fixed generation time (tests, reproducible reports); default now. */
  now?: Date;
}

/**
 * The case a report is written from: its database through the case layer (a laptop case's SQLite
 * or a team case's PostgreSQL: every chapter runs the same SQL on either), how the report names it,
 * and its campaign side (the posts live apart from the case database, in DuckDB).
 */
export interface ReportCase {
  db: SqlDb;
  /** Where the case is, as the report names it: a directory, or a team case. */
  where: string;
  /** The campaign analysis for the amplification chapter; null when no posts were imported. */
  campaign(): Promise<Record<string, unknown> | null>;
  /** The trail for its chapter; null when no posts were imported. */
  trail(): Promise<TrailInput>;
}

/** A laptop case directory as the report reads it: the posts, if any, are `social.duckdb` in it. */
export function laptopReportCase(store: Store): ReportCase {
  return {
    db: new SqliteDb(store.db),
    where: store.path,
    campaign: () => campaign(store.path),
    trail: () => trailInput(store.path),
  };
}

/**
 * Builds the case report: ONE self-contained HTML file (inline CSS and SVG, no script, no external
 * request) telling the findings in order — the suspects (first: what is forged, altered or edited by
 * an outsider, and why), the dump, authenticity, metadata and outside editors,
 * what is in it, the amplification — each claim with its figure and numbered references to items.
 * A laptop case (a `Store`) and a team case (`teamReportCase`, src/report/team-case.ts) of the
 * same dump give the same report but for the line naming the case.
 * @example
 * writeFileSync('report.html', await buildReport(Store.open(dir)));
 */
export async function buildReport(source: Store | ReportCase, opts: ReportOptions = {}): Promise<string> {
  const kase = source instanceof Store ? laptopReportCase(source) : source;
  const db = kase.db;
  const refs = new Refs((ids) => itemTitles(db, ids));
  const ctx: ReportContext = {
    db,
    facts: await caseFacts(db),
    refs,
    campaign: await kase.campaign(),
  };
  const chapters = [
    await suspectsChapter(ctx),
    await dumpChapter(ctx),
    await authenticityChapter(ctx),
    await metadataChapter(ctx),
    await contentsChapter(ctx),
    await namedInTextSection(ctx),
    await amplificationChapter(ctx),
    await trailChapter(ctx, await kase.trail()),
  ];
  const title = opts.title ?? 'Investigation report';
  const when = (opts.now ?? new Date()).toISOString().replace(/\.\d+Z$/, 'Z');
  // The citations are numbered once every chapter is written (html.ts, Refs).
  const body = await refs.resolve(chapters.join('\n'));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="leaklens">
<title>${esc(title)}</title><style>${REPORT_CSS}</style></head>
<body>
<h1>${esc(title)}</h1>
<p class="lede">${fmt(ctx.facts.counts.emails)} e-mails and ${fmt(ctx.facts.counts.documents)} documents examined with leaklens.</p>
<p class="muted">Generated ${esc(when)} from the case <code>${esc(kase.where)}</code>. Numbers in brackets refer to the items listed at the end, each with its place in the dump and its SHA-256.</p>
<nav><ol><li><a href="#suspects">Suspects</a></li><li><a href="#dump">The dump</a></li><li><a href="#authenticity">Authenticity</a></li><li><a href="#metadata">Metadata and outside editors</a></li><li><a href="#contents">What is in it</a></li><li><a href="#amplification">The amplification</a></li><li><a href="#trail">How the leak travelled</a></li><li><a href="#references">Items cited</a></li></ol></nav>
${body}
<h2 id="references">Items cited</h2>
${appendix(refs)}
</body></html>
`;
}

function appendix(refs: Refs): string {
  const list = refs.list();
  if (!list.length) return '<p class="muted">No item is cited.</p>';
  return `<div class="refs">${htmlTable(
    ['', 'item', 'where in the dump', 'sha256'],
    list.map((r) => [
      { html: `<span id="ref-${r.n}">[${r.n}]</span>` },
      r.title,
      { html: `<code>${esc(r.provenance)}</code><br><code class="muted">${esc(r.id)}</code>` },
      { html: `<code>${esc(r.sha256 ?? '')}</code>` },
    ]),
  )}</div>`;
}

async function campaign(caseDir: string): Promise<Record<string, unknown> | null> {
  if (!existsSync(join(caseDir, 'social.duckdb'))) return null;
  try {
    const social = await loadSocial();
    return await social.analyzeCampaign(caseDir, {});
  } catch (err) {
    // Reported in the chapter rather than hidden: the reader must know a part is missing and why.
    return { analysisError: (err as Error).message };
  }
}

/** The trail for its chapter: null without posts; a failure is told in the chapter, not hidden. */
async function trailInput(caseDir: string): Promise<TrailInput> {
  if (!existsSync(join(caseDir, 'social.duckdb'))) return null;
  try {
    return await trailWithLinks(caseDir);
  } catch (err) {
    return { error: (err as Error).message };
  }
}
