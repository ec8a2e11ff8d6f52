import type { Command } from 'commander';
import { SqlCaseStore } from '../../case/case-store.js';
import { badgeText } from '../../search/badges.js';
import { FILTERS } from '../../search/filters.js';
import { TEXT_FIELDS } from '../../search/query.js';
import { type SearchOptions, type SearchResult, search } from '../../search/search.js';
import { searchCase } from '../../search/search-case.js';
import { caseOptions, oneOf, openCase, wholeNumber } from '../common.js';
import { oneLine, printJson, writeText } from '../output.js';
import { openExistingTeamCase, type TeamOptions, teamOptions } from '../team.js';

const SORTS = ['relevance', 'date', 'date-asc'] as const;

const SYNTAX = `
Query syntax:
  facture paiement        both words (stemmed, accent-insensitive: "reunion" finds "réunion")
  "ordre du jour"         a phrase
  facture OR devis        either word
  -newsletter, NOT spam   exclude a word
  subject:budget          word in the subject     filename:contrat   in an attachment name
  from:jean  to:@bank.example  domain:org.example  has:attachment  before:2017-05-01  after:2017-03
  kind:email|document  lang:fr  path:mailbox  flag:KIND  tag:TAG  verdict:VERDICT  size>1000000
  (more filters appear as analyses run; "leaklens search --filters" lists them)`;

/** The laptop case (a directory) as always; a team case (--database) through the case layer. */
async function runSearch(
  o: TeamOptions & { case: string },
  query: string,
  opts: SearchOptions,
): Promise<SearchResult> {
  if (!o.database) {
    const store = openCase(o.case, { readonly: true });
    try {
      return search(store, query, opts);
    } finally {
      store.close();
    }
  }
  const store = await openExistingTeamCase(o);
  try {
    if (!(store instanceof SqlCaseStore)) throw new Error('a team case is served by SqlCaseStore');
    return await searchCase(store.db, query, opts);
  } finally {
    await store.close();
  }
}

export function register(program: Command): void {
  teamOptions(
    caseOptions(
      program
        .command('search')
        .description('Full-text search over e-mails and documents, with filters')
        .argument('[query...]', 'the query (see syntax below)')
        .option('--limit <n>', 'hits to show (0 to 1000)', wholeNumber('--limit'), 20)
        .option('--offset <n>', 'hits to skip', wholeNumber('--offset'), 0)
        .option('--sort <order>', 'relevance | date | date-asc', oneOf('--sort', SORTS), 'relevance')
        .option('--facets', 'include facet counts')
        .option('--filters', 'list the filters this case supports')
        .option('--json', 'JSON output: {query, total, hits, facets}')
        .allowUnknownOption()
        .addHelpText('after', SYNTAX),
    ),
  ).action(
    async (
      words: string[],
      o: TeamOptions & {
        case: string;
        limit: number;
        offset: number;
        sort: 'relevance' | 'date' | 'date-asc';
        facets?: boolean;
        filters?: boolean;
        json?: boolean;
      },
    ) => {
      if (o.filters) {
        const list = [...FILTERS.values(), ...TEXT_FIELDS].sort((a, b) => a.name.localeCompare(b.name));
        if (o.json) printJson(list.map((f) => ({ name: f.name, help: f.help, ops: f.ops })));
        else writeText(`${list.map((f) => `  ${f.name.padEnd(10)} ${f.help}`).join('\n')}\n`);
        return;
      }
      const res = await runSearch(o, words.join(' '), {
        limit: o.limit,
        offset: o.offset,
        sort: o.sort,
        facets: o.facets,
      });
      if (o.json) {
        printJson(res);
        return;
      }
      const tty = process.stdout.isTTY;
      // Highlight marks become private-use placeholders, the leaked text is escaped (oneLine), and
      // only then do the placeholders become bold: the one escape sequence printed is ours.
      const plain = (s: string) =>
        oneLine(
          s
            .replace(/<mark>/g, '\ue000')
            .replace(/<\/mark>/g, '\ue001')
            .replace(/&lt;/g, '<')
            .replace(/&gt;/g, '>')
            .replace(/&quot;/g, '"')
            .replace(/&#39;/g, "'")
            .replace(/&amp;/g, '&'),
        )
          .replace(/\ue000/g, tty ? '\x1b[1m' : '')
          .replace(/\ue001/g, tty ? '\x1b[0m' : '');
      const lines = [
        `${res.total} hit(s) for ${JSON.stringify(res.query)} (${res.tookMs} ms)${res.total > o.offset + res.hits.length ? `; showing ${o.offset + 1}–${o.offset + res.hits.length}` : ''}`,
        '',
      ];
      for (const h of res.hits) {
        const title = oneLine(
          h.kind === 'Email' ? (h.subject ?? '(no subject)') : (h.filename ?? '(document)'),
        );
        lines.push(
          `${h.id}  ${(h.date ?? '').slice(0, 10).padEnd(10)}  ${
            h.kind === 'Email'
              ? oneLine(h.from ?? '')
                  .slice(0, 32)
                  .padEnd(32)
              : '[document]'.padEnd(32)
          }  ${title}`,
        );
        // Verdict and flag kinds (! high, ~ medium) so a suspect hit shows without opening it.
        const marks = badgeText(h);
        if (marks) lines.push(`    ${marks}`);
        if (h.snippet) lines.push(`    ${plain(h.snippet)}`);
      }
      if (res.facets) {
        for (const [k, vals] of Object.entries(res.facets)) {
          if (vals.length)
            lines.push(
              '',
              `${k}: ${vals
                .slice(0, 8)
                .map((v) => `${oneLine(String(v.value))} (${v.count})`)
                .join(', ')}`,
            );
        }
      }
      // Every leaked field above went through oneLine; the bold marks must pass unescaped.
      writeText(`${lines.join('\n')}\n`);
    },
  );
}
