import { mkdirSync } from 'node:fs';
import type { Command } from 'commander';
import { type AnalyzeOptions, analyzeCampaign } from '../../social/analyze.js';
import { listBots } from '../../social/bot-list.js';
import { coordination } from '../../social/coordinate.js';
import { type ExportFormat, exportCampaign } from '../../social/export.js';
import { FORMATS, importPosts } from '../../social/import/index.js';
import { listPosts } from '../../social/posts.js';
import { printAnalysis, printCoordination } from '../../social/print.js';
import type { CoordinationBy } from '../../social/signals/coordination.js';
import type { ImportSummary, PostFilter } from '../../social/types.js';
import { runJobAsChild } from '../../team/campaign-child.js';
import { createProgress } from '../../util/progress.js';
import {
  campaignAnalyzeTeam,
  campaignImportTeam,
  campaignStatusTeam,
  campaignTeamOptions,
} from '../campaign-team.js';
import { caseOptions, openCase } from '../common.js';
import { UserError } from '../errors.js';
import { formatCount, formatTime, printJson, table, writeText } from '../output.js';

const BY: CoordinationBy[] = ['object', 'repost', 'url', 'hashtag', 'text'];
const EXPORTS: ExportFormat[] = ['csv', 'parquet', 'gexf', 'graphml'];

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

  campaignTeamOptions(
    caseOptions(
      c
        .command('import')
        .argument(
          '<files...>',
          'post files or folders of them, read recursively (X v1.1/v2 JSON, twarc2 flatten, Gnip, IO CSV, IRA CSV, Bluesky, Mastodon, Telegram, 4chan, CSV)',
        ),
    ),
  )
    .description(
      'import posts; the format is detected unless --format is given. Failures and warnings are kept for `leaklens errors`; exit status 2 when no file could be imported',
    )
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
      if (o.database || o.queue) return campaignImportTeam(files, { ...o, mapping });
      openCase(o.case, { create: true }).close();
      const bar = createProgress({ label: 'import', total: 0, unit: 'posts', silent: o.json });
      let last = 0;
      const s = await importPosts(o.case, files, {
        format: o.format,
        mapping,
        onProgress: (n) => {
          bar.tick(n - last);
          last = n;
        },
      });
      bar.stop();
      recordFailures(o.case, s);
      if (o.json) printJson(s);
      else printImport(s);
      // docs/campaign.md: nothing importable at all is the user's to fix (exit status 2).
      // A file skipped in a folder (not a post export) counts as not imported.
      if (s.files.length && s.files.every((f) => f.read === 0 && f.failures + f.warnings > 0)) {
        process.stderr.write(
          `leaklens: no file could be imported (${s.files.length === 1 ? 'the file' : `all ${s.files.length} files`} failed; leaklens errors lists why)\n`,
        );
        process.exitCode = 2;
        return;
      }
      if (!s.files.some((f) => f.read > 0))
        throw new UserError(
          `no posts imported from ${files.join(', ')}${s.failures.length ? ` (${s.failures.length} ${s.failures.length === 1 ? 'failure' : 'failures'}: ${s.failures[0]?.reason ?? ''}${s.failures.length > 1 ? ', …' : ''})` : ''}`,
          'nothing-done',
        );
    });

  coordOptions(filters(campaignTeamOptions(caseOptions(c.command('analyze')))))
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
      if (o.database || o.queue) return campaignAnalyzeTeam(opts, o);
      const a = await analyzeCampaign(o.case, opts);
      if (o.json) printJson(a);
      else printAnalysis(a);
      // No post in scope: nothing was measured (docs/campaign.md, exit status 2).
      if (!a.posts) process.exitCode = 2;
    });

  filters(caseOptions(c.command('posts')))
    .description('list the posts behind a figure')
    .option('--account <id|@handle>', 'posts by this account')
    .option('--repost-of <id>', 'reposts of this post')
    .option('--id <ids...>', 'these post ids')
    .option('--reposts', 'only reposts')
    .option('--reposts-of-account <id|@handle>', "reposts of this account's posts (the reposts it received)")
    .option('--mention <@handle>', 'original posts mentioning this handle')
    .option('--lang <code>', 'posts in this language (ISO 639-1, e.g. fr)')
    .option('--country <code>', 'posts by accounts placed in this country (ISO 3166-1, e.g. FR)')
    .option('--bot-like', 'posts by the accounts the bot rules score 0.5 or more')
    .option('--limit <n>', 'at most this many', num, 100)
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      const r = await listPosts(o.case, {
        account: o.account,
        repostOf: o.repostOf,
        ids: o.id,
        reposts: o.reposts,
        repostOfAccount: o.repostsOfAccount,
        mention: o.mention,
        lang: o.lang,
        country: o.country,
        botLike: o.botLike,
        limit: o.limit,
        ...filterFrom(o),
      });
      if (o.json) return printJson(r);
      writeText(
        `${table(
          ['time', 'account', 'id', 'repost of', 'text'],
          r.posts.map((p) => [
            formatTime(p.time),
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
      const r = await coordination(o.case, {
        ...coordFrom(o),
        ...filterFrom(o),
        groups: o.groups,
      });
      if (o.json) return printJson(r);
      printCoordination(r);
    });

  coordOptions(filters(caseOptions(c.command('export'))))
    .description('export posts, accounts and the coordinated network (CSV, Parquet, GEXF, GraphML)')
    .requiredOption('--out <dir>', 'output directory (required)')
    .option('--format <format>', EXPORTS.join(', '), 'parquet')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      if (!EXPORTS.includes(o.format)) throw new UserError(`--format must be one of ${EXPORTS.join(', ')}`);
      mkdirSync(o.out, { recursive: true });
      const files = await exportCampaign(o.case, o.out, o.format, {
        ...coordFrom(o),
        ...filterFrom(o),
      });
      if (o.json) return printJson({ files });
      for (const f of files) writeText(`${f}\n`);
    });

  registerBots(c);

  c.command('run-job')
    .description(
      'internal: one campaign job, started by "leaklens worker" (it sends the job and reads the result over IPC)',
    )
    .requiredOption('--dir <dir>', "the case's campaign folder in shared storage")
    .requiredOption('--database <url>', 'the PostgreSQL of the case (for the campaign lock)')
    .requiredOption('--case-name <name>', 'the team case')
    .option('--blobs <dir>', 'the shared blob directory (the dump the trail reads)')
    .action((o) =>
      runJobAsChild({ dir: o.dir, databaseUrl: o.database, caseName: o.caseName, blobRoot: o.blobs }),
    );

  campaignTeamOptions(c.command('status'), false)
    .description(
      "team mode: the case's campaign jobs (waiting, running, done, failed with their reason) and, with --blobs, the posts published",
    )
    .option('--json', 'machine-readable output')
    .action((o) => campaignStatusTeam(o));
}

/** `campaign bots`: every scored account with its score, band, reasons and features (docs/bots.md). */
function registerBots(c: Command): void {
  filters(caseOptions(c.command('bots')))
    .description('bot-likeness of every account: score, band, reasons (weight each) and features')
    .option('--all', 'list every scored account (default: the top --limit)')
    .option('--limit <n>', 'at most this many, highest score first', num, 50)
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      if (!(Number.isInteger(o.limit) && o.limit >= 1))
        throw new UserError(`--limit ${o.limit}: give a whole number of accounts, 1 or more (or --all)`);
      const r = await listBots(o.case, { ...filterFrom(o), all: !!o.all, limit: o.limit });
      if (o.json) return printJson(r);
      writeText(
        `${table(
          ['account', 'handle', 'score', 'band', 'reasons'],
          r.accounts.map((x) => [
            x.accountId,
            x.handle ? `@${x.handle}` : '',
            x.score,
            x.band,
            x.reasons.join('; '),
          ]),
        )}\n`,
      );
      const p = Math.round(r.heldOut.precision * 100);
      writeText(
        `${formatCount(r.scored)} accounts scored, ${formatCount(r.botLike)} bot-like (score ≥ ${r.threshold}; at this threshold ${p}% of held-out accounts flagged were bots in ${r.heldOut.dataset}).${r.accounts.length < r.scored ? ` Showing ${r.accounts.length}; --all lists every account.` : ''}\n`,
      );
    });
}

/** The per-file table, the totals, then each failure and warning (the first 20 of each). */
function printImport(s: ImportSummary): void {
  writeText(
    `${table(
      ['file', 'format', 'read', 'added', 'failures', 'warnings'],
      s.files.map((f) => [f.file, f.format, f.read, f.added, f.failures, f.warnings]),
    )}\n`,
  );
  writeText(
    `${formatCount(s.postsAdded)} posts and ${formatCount(s.accountsAdded)} accounts added; ${formatCount(s.totalPosts)} posts in the case.\n`,
  );
  for (const [label, list] of [
    ['failed', s.failures],
    ['note', s.warnings],
  ] as const) {
    for (const f of list.slice(0, 20)) writeText(`  ${label}: ${f.message} (${f.reason})\n`);
    if (list.length > 20)
      writeText(`  … and ${list.length - 20} more (leaklens errors, or --json, lists all)\n`);
  }
}

/**
 * Import failures and warnings go into the case's failure list too, so `leaklens errors` and
 * `leaklens stats` show them beside the dump's (stage `campaign-import`).
 */
function recordFailures(caseDir: string, s: ImportSummary): void {
  const all = [...s.failures, ...s.warnings];
  if (!all.length) return;
  const store = openCase(caseDir, { create: true }); // a campaign-only case gets its case.sqlite here
  try {
    store.db.transaction(() => {
      for (const f of all)
        store.addFailure({
          provenance: f.line ? `${f.file}:${f.line}` : f.file,
          sha256: null,
          reason: f.reason,
          message: f.message,
          stage: 'campaign-import',
        });
    })();
  } finally {
    store.close();
  }
}
