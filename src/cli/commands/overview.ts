import type { Command } from 'commander';
import { type Overview, overview } from '../../analyze/overview.js';
import { caseHeadlines, type Headline } from '../../suspects/index.js';
import { caseOptions } from '../common.js';
import { formatCount, printJson, table, writeText } from '../output.js';
import { databaseOptions, openReadCase, type TeamOptions } from '../team.js';

const n = formatCount;

function render(o: Overview): string {
  const t = o.totals;
  const out: string[] = [
    `${n(t.emails)} e-mails and ${n(t.documents)} documents from ${n(t.mailboxes)} mailbox(es); ${n(t.threads)} threads; ${n(t.identities)} people/addresses; ${n(t.sensitiveItems)} items hold sensitive data; ${n(t.failures)} failures.`,
  ];
  const section = (title: string, body: string) => out.push('', title, body);
  if (o.byType.length)
    section(
      'What is in it (document types)',
      table(
        ['type', 'items'],
        o.byType.map((r) => [r.type, r.count]),
      ),
    );
  if (o.byMonth.length)
    section(
      'By month',
      table(
        ['month', 'e-mails', 'documents'],
        o.byMonth.map((r) => [r.month, r.emails, r.documents]),
      ),
    );
  if (o.byMailbox.length)
    section(
      'By mailbox',
      table(
        ['mailbox', 'messages'],
        o.byMailbox.slice(0, 15).map((r) => [r.mailbox, r.items]),
      ),
    );
  if (o.topPeople.length)
    section(
      'Top people',
      table(
        ['name', 'addresses', 'seen'],
        o.topPeople.slice(0, 15).map((p) => [p.name, p.addresses.join(', '), p.sightings]),
      ),
    );
  if (o.topOrganisations.length)
    section(
      'Top organisations (domains)',
      table(
        ['domain', 'messages', 'addresses'],
        o.topOrganisations.slice(0, 10).map((d) => [d.domain, d.messages, d.people]),
      ),
    );
  if (o.money.mentions) {
    section(
      'Money mentioned',
      table(
        ['currency', 'mentions', 'items', 'largest'],
        o.money.byCurrency.map((c) => [c.currency, c.mentions, c.items, c.max]),
      ),
    );
    out.push(
      '',
      table(
        ['largest amounts', 'as written', 'item'],
        o.money.largest.slice(0, 8).map((m) => [m.amount, m.value, m.itemId]),
      ),
    );
  }
  if (o.sensitive.items.length)
    section(
      'Sensitive — do not publish as is',
      table(
        ['item', 'kinds', 'title'],
        o.sensitive.items.slice(0, 15).map((s) => [s.itemId, s.kinds.join(' '), s.title]),
      ),
    );
  if (o.threads.length)
    section(
      'Threads with most participants',
      table(
        ['thread', 'participants', 'messages', 'subject'],
        o.threads.map((r) => [r.threadId, r.participants, r.messages, r.subject]),
      ),
    );
  const d = o.duplicates;
  if (d.items)
    out.push(
      '',
      `Duplicates: ${d.exactGroups} exact and ${d.nearGroups} near-duplicate groups over ${d.items} items (search "duplicate:").`,
    );
  if (o.outliers.length)
    section(
      'Outliers from other analyses',
      table(
        ['severity', 'stage', 'kind', 'items', 'e.g.'],
        o.outliers.slice(0, 15).map((f) => [f.severity, f.stage, f.kind, f.items, f.sample[0]]),
      ),
    );
  return out.join('\n');
}

/** The strongest findings first, each with the command that lists its items (src/suspects/headlines.ts). */
function renderHeadlines(list: Headline[]): string {
  if (!list.length) return '';
  const lines = ['Headline findings'];
  list.forEach((h, i) => {
    lines.push(`${i + 1}. ${h.sentence}`, `   → ${h.command}`);
  });
  return `${lines.join('\n')}\n\n`;
}

export function register(program: Command): void {
  databaseOptions(
    caseOptions(
      program
        .command('overview')
        .description(
          'One page to read first: volumes by type, month and mailbox, people, money, sensitive items, threads, outliers',
        )
        .option('--json', 'JSON output'),
    ),
  ).action(async (o: TeamOptions & { case: string; json?: boolean }) => {
    // A case directory or, with --database, a team case: the same readers through the case layer.
    const c = await openReadCase(o, { readonly: true });
    try {
      const ov = await overview(c.db);
      const headlines = await caseHeadlines(c.db);
      if (o.json) printJson({ headlines, ...ov });
      else writeText(`${renderHeadlines(headlines)}${render(ov)}\n`);
    } finally {
      await c.close();
    }
  });
}
