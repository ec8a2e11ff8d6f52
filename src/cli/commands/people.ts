import type { Command } from 'commander';
import { topCorrespondents } from '../../analyze/graph.js';
import { caseOptions, openCase } from '../common.js';
import { UserError } from '../errors.js';
import { printJson, table } from '../output.js';

interface IdRow {
  id: string;
  name: string;
  names_json: string;
  addresses_json: string;
  count: number;
}

export function register(program: Command): void {
  caseOptions(
    program
      .command('people')
      .description('People and addresses merged into identities; with a name, their top correspondents')
      .argument('[name]', 'part of a name or address')
      .option('--limit <n>', 'rows', '30')
      .option('--json', 'JSON output'),
  ).action((q: string | undefined, o: { case: string; json?: boolean; limit: string }) => {
    const store = openCase(o.case, { readonly: true });
    try {
      if (!store.db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'identities'").get())
        throw new UserError(`no identities in ${store.path}: run "leaklens analyze --case ${o.case}" first`);
      const like = `%${(q ?? '').toLowerCase()}%`;
      const rows = store.db
        .prepare(
          'SELECT * FROM identities WHERE lower(names_json) LIKE ? OR addresses_json LIKE ? OR lower(name) LIKE ? ORDER BY count DESC, name LIMIT ?',
        )
        .all(like, like, like, Number(o.limit) || 30) as IdRow[];
      const people = rows.map((r) => {
        const addresses = JSON.parse(r.addresses_json) as string[];
        const correspondents = q
          ? addresses
              .flatMap((a) => topCorrespondents(store, a, 10))
              .sort((a, b) => b.total - a.total)
              .slice(0, 10)
          : undefined;
        return {
          id: r.id,
          name: r.name,
          names: JSON.parse(r.names_json) as string[],
          addresses,
          sightings: r.count,
          correspondents,
        };
      });
      if (o.json) return printJson(people);
      const out = [
        table(
          ['name', 'other names', 'addresses', 'seen'],
          people.map((p) => [p.name, p.names.slice(1).join('; '), p.addresses.join(', '), p.sightings]),
        ),
      ];
      for (const p of people.filter((x) => x.correspondents?.length).slice(0, 3)) {
        out.push(
          '',
          `Top correspondents of ${p.name}`,
          table(
            ['address', 'sent to', 'received from', 'first', 'last'],
            p.correspondents!.map((c) => [
              c.address,
              c.sent,
              c.received,
              c.first?.slice(0, 10),
              c.last?.slice(0, 10),
            ]),
          ),
        );
      }
      process.stdout.write(`${out.join('\n')}\n`);
    } finally {
      store.close();
    }
  });
}
