import { mkdirSync } from 'node:fs';
import type { Command } from 'commander';
import { type AnalyzeOptions, analyzeCampaign } from '../../social/analyze.js';
import { coordination } from '../../social/coordinate.js';
import { type ExportFormat, exportCampaign } from '../../social/export.js';
import { FORMATS, importPosts } from '../../social/import/index.js';
import { listPosts } from '../../social/posts.js';
import { printAnalysis, printCoordination } from '../../social/print.js';
import type { CoordinationBy } from '../../social/signals/coordination.js';
import type { PostFilter } from '../../social/types.js';
import { createProgress } from '../../util/progress.js';
import { caseOptions, openCase } from '../common.js';
import { UserError } from '../errors.js';
import { formatCount, printJson, table, writeText } from '../output.js';

const BY: CoordinationBy[] = ['object', 'repost', 'url', 'hashtag', 'text'];
const EXPORTS: ExportFormat[] = ['csv', 'parquet', 'gexf', 'graphml'];

/** Library errors that are the user's to fix (bad time, no data, bad format) become one line. */
async function user<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    const m = (err as Error).message ?? String(err);
    if (/no social data|cannot read time|unknown format|edge weight|Conversion Error/.test(m))
      throw new UserError(m);
    throw err;
  }
}

const num = (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n)) throw new UserError(`not a number: ${v}`);
  return n;
};

function filters(cmd: Command): Command {
  return cmd
    .option('--hashtag <tag>', 'only posts carrying this hashtag')
    .option('--url <prefix>', 'only posts linking to a URL starting with this')
    .option('--keyword <word>', 'only posts whose text contains this')
    .option('--from <time>', 'from this time (ISO 8601, UTC)')
    .option('--to <time>', 'up to this time (ISO 8601, UTC)');
}

/** The post filter set by `filters()`. */
function filterFrom(o: Record<string, unknown>): PostFilter {
  return {
    hashtag: o.hashtag as string | undefined,
    url: o.url as string | undefined,
    keyword: o.keyword as string | undefined,
    from: o.from as string | undefined,
    to: o.to as string | undefined,
  };
}

function coordOptions(cmd: Command): Command {
  return cmd
    .option(
      '--by <kind>',
      `what counts as the same action: ${BY.join(', ')} (default: object for CooRTweet CSVs, else repost)`,
    )
    .option('--window <seconds>', 'time window (CooRTweet time_window)', num)
    .option('--min-participation <n>', 'minimum shares per account (CooRTweet min_participation)', num)
    .option('--edge-weight <q>', 'edge-weight percentile threshold 0..1 (CooRTweet edge_weight)', num)
    .option(
      '--min-similarity <s>',
      'with --by text: Jaccard similarity of word 3-grams, 0..1 (CooRTweet detect_similar_text min_similarity; default 0.8, 1 = identical)',
      num,
    );
}

function coordFrom(o: Record<string, unknown>) {
  if (o.by && !BY.includes(o.by as CoordinationBy))
    throw new UserError(`--by must be one of ${BY.join(', ')}`);
  const sim = o.minSimilarity as number | undefined;
  if (sim !== undefined && !(sim > 0 && sim <= 1))
    throw new UserError(`--min-similarity ${sim}: the similarity must be above 0 and at most 1`);
  const q = o.edgeWeight as number | undefined;
  if (q !== undefined && !(q >= 0 && q <= 1))
    throw new UserError(`--edge-weight ${q}: the edge weight must be a percentile between 0 and 1`);
  return {
    by: o.by as CoordinationBy | undefined,
    timeWindow: o.window as number | undefined,
    minParticipation: o.minParticipation as number | undefined,
    edgeWeight: o.edgeWeight as number | undefined,
    minSimilarity: o.minSimilarity as number | undefined,
  };
}

export function register(program: Command): void {
  const c = program
    .command('campaign')
    .description('measure how a leak is amplified on social media (posts in social.duckdb)');

  caseOptions(
    c
      .command('import')
      .argument(
        '<files...>',
        'post files (X v1.1/v2 JSON, IO CSV, IRA CSV, Bluesky, Mastodon, Telegram, 4chan, CSV)',
      ),
  )
    .description('import posts; the format is detected unless --format is given')
    .option('--format <format>', `force a format: ${FORMATS.join(', ')}`)
    .option('--map <pairs>', 'generic CSV column mapping, e.g. id=msg,account=sender,time=sent,text=body')
    .option('--json', 'machine-readable output')
    .action(async (files: string[], o) => {
      if (o.format && !FORMATS.includes(o.format))
        throw new UserError(`unknown format "${o.format}" (known: ${FORMATS.join(', ')})`);
      const mapping = o.map
        ? Object.fromEntries(
            String(o.map)
              .split(',')
              .map((kv) => kv.split('=').map((s) => s.trim())),
          )
        : undefined;
      openCase(o.case, { create: true }).close();
      const bar = createProgress({ label: 'import', total: 0, unit: 'posts', silent: o.json });
      let last = 0;
      const s = await user(() =>
        importPosts(o.case, files, {
          format: o.format,
          mapping,
          onProgress: (n) => {
            bar.tick(n - last);
            last = n;
          },
        }),
      );
      bar.stop();
      if (o.json) return printJson(s);
      writeText(
        `${table(
          ['file', 'format', 'read', 'added', 'failures'],
          s.files.map((f) => [f.file, f.format, f.read, f.added, f.failures]),
        )}\n`,
      );
      writeText(
        `${formatCount(s.postsAdded)} posts and ${formatCount(s.accountsAdded)} accounts added; ${formatCount(s.totalPosts)} posts in the case.\n`,
      );
      for (const f of s.failures.slice(0, 20)) writeText(`  failed: ${f.message} (${f.reason})\n`);
      if (s.failures.length > 20)
        writeText(`  … and ${s.failures.length - 20} more failures (--json lists all)\n`);
    });

  coordOptions(filters(caseOptions(c.command('analyze'))))
    .description('every signal in one run: a findings summary in sentences, then tables')
    .option('--top <n>', 'size of the "most active accounts" group', num, 10)
    .option('--threshold <n>', 'your own posts-per-24h threshold beside DFRLab 72/144', num)
    .option('--milestone <n...>', 'extra milestones, e.g. 47000')
    .option('--bin <seconds>', 'timeline granularity in seconds', num)
    .option('--no-coordination', 'skip coordination (fastest on very large sets)')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      const opts: AnalyzeOptions = {
        ...filterFrom(o),
        top: o.top,
        threshold: o.threshold,
        milestones: (o.milestone ?? []).map(num),
        binSeconds: o.bin,
        coordination: coordFrom(o),
        skipCoordination: o.coordination === false,
      };
      const a = await user(() => analyzeCampaign(o.case, opts));
      if (o.json) return printJson(a);
      printAnalysis(a);
    });

  filters(caseOptions(c.command('posts')))
    .description('list the posts behind a figure')
    .option('--account <id|@handle>', 'posts by this account')
    .option('--repost-of <id>', 'reposts of this post')
    .option('--id <ids...>', 'these post ids')
    .option('--limit <n>', 'at most this many', num, 100)
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      const r = await user(() =>
        listPosts(o.case, {
          account: o.account,
          repostOf: o.repostOf,
          ids: o.id,
          limit: o.limit,
          ...filterFrom(o),
        }),
      );
      if (o.json) return printJson(r);
      writeText(
        `${table(
          ['time', 'account', 'id', 'repost of', 'text'],
          r.posts.map((p) => [
            p.time,
            p.handle ? `@${p.handle}` : p.accountId,
            p.id,
            p.repostOf,
            p.text.replace(/\s+/g, ' '),
          ]),
        )}\n`,
      );
      writeText(
        `${formatCount(r.total)} posts match${r.total > r.posts.length ? ` (showing ${r.posts.length}; --limit to see more)` : ''}.\n`,
      );
    });

  coordOptions(filters(caseOptions(c.command('coordination'))))
    .description('coordinated accounts, co-share pairs and groups, with CooRTweet semantics')
    .option('--groups <n>', 'how many groups to list', num, 20)
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      const r = await user(() =>
        coordination(o.case, {
          ...coordFrom(o),
          ...filterFrom(o),
          groups: o.groups,
        }),
      );
      if (o.json) return printJson(r);
      printCoordination(r);
    });

  coordOptions(filters(caseOptions(c.command('export'))))
    .description('export posts, accounts and the coordinated network (CSV, Parquet, GEXF, GraphML)')
    .requiredOption('--out <dir>', 'output directory')
    .option('--format <format>', EXPORTS.join(', '), 'parquet')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      if (!EXPORTS.includes(o.format)) throw new UserError(`--format must be one of ${EXPORTS.join(', ')}`);
      mkdirSync(o.out, { recursive: true });
      const files = await user(() =>
        exportCampaign(o.case, o.out, o.format, {
          ...coordFrom(o),
          ...filterFrom(o),
        }),
      );
      if (o.json) return printJson({ files });
      for (const f of files) writeText(`${f}\n`);
    });
}
