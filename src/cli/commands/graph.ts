import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { COMM_GRAPH_EDGES, commGexf } from '../../analyze/comm-graph.js';
import { identitiesMatching, topEdges } from '../../analyze/graph.js';
import type { SqlDb } from '../../case/sql-db.js';
import { tableReady } from '../../case/stage-ran.js';
import { caseOptions, wholeNumber } from '../common.js';
import { UserError } from '../errors.js';
import { printJson, table, writeText } from '../output.js';
import { databaseOptions, openReadCase, type TeamOptions } from '../team.js';

/** `leaklens graph [person]`: who writes to whom — heaviest pairs, or one identity's correspondents. */
export function register(program: Command): void {
  databaseOptions(
    caseOptions(
      program
        .command('graph')
        .description(
          'Communication graph: heaviest sender→recipient pairs, or the identities matching NAME with their top correspondents',
        )
        .argument('[name]', 'part of a name or address (identities merge name forms and addresses)')
        .option(
          '--limit <n>',
          'rows (default 20; with --format gexf: edges, default 400)',
          wholeNumber('--limit', 1),
        )
        .option('--json', 'JSON output')
        .option(
          '--format <fmt>',
          'table, json, or gexf (GEXF 1.3 for Gephi: the heaviest sender→recipient edges)',
          'table',
        )
        .option('--out <file>', 'with --format gexf: write to this file instead of standard output'),
    ),
  ).action(
    async (
      q: string | undefined,
      o: TeamOptions & { case: string; json?: boolean; limit?: number; format: string; out?: string },
    ) => {
      if (!['table', 'json', 'gexf'].includes(o.format))
        throw new UserError(`unknown --format "${o.format}": use table, json or gexf`);
      if (o.format === 'json') o.json = true;
      // A case directory or, with --database, a team case: the same readers through the case layer.
      const c = await openReadCase(o, { readonly: true });
      const db = c.db;
      try {
        if (!(await tableReady(db, 'comm_edges')))
          throw new UserError(
            `no communication graph in ${c.where}: run "leaklens analyze ${o.database ? `--database URL --queue URL --case-name ${o.caseName}` : `--case ${o.case}`}" first`,
          );
        if (o.format === 'gexf') return void (await writeGexf(db, o));
        const limit = o.limit ?? 20;
        if (!q) {
          const edges = await topEdges(db, limit);
          if (o.json) return printJson({ edges });
          return void writeText(
            `${table(
              ['from', 'to', 'messages', 'first', 'last'],
              edges.map((e) => [e.src, e.dst, e.messages, e.first?.slice(0, 10), e.last?.slice(0, 10)]),
            )}\n`,
          );
        }
        const people = await identitiesMatching(db, q, limit);
        if (o.json) return printJson({ people });
        const out = [
          table(
            ['name', 'other names', 'addresses', 'seen'],
            people.map((p) => [p.name, p.names.slice(1).join('; '), p.addresses.join(', '), p.sightings]),
          ),
        ];
        for (const p of people.filter((x) => x.correspondents.length).slice(0, 3)) {
          out.push(
            '',
            `Top correspondents of ${p.name}`,
            table(
              ['address', 'sent to', 'received from', 'first', 'last'],
              p.correspondents.map((c) => [
                c.address,
                c.sent,
                c.received,
                c.first?.slice(0, 10),
                c.last?.slice(0, 10),
              ]),
            ),
          );
        }
        writeText(`${out.join('\n')}\n`);
      } finally {
        await c.close();
      }
    },
  );
}

/** `graph --format gexf`: the communication graph for Gephi, to a file or standard output. */
async function writeGexf(db: SqlDb, o: { limit?: number; out?: string }): Promise<void> {
  // The table's default of 20 rows is too small a graph: without an explicit limit, take 400 edges.
  const limit = o.limit ?? COMM_GRAPH_EDGES;
  const xml = (await commGexf(db, limit)) ?? '';
  if (!o.out) return void process.stdout.write(xml);
  writeFileSync(o.out, xml);
  process.stderr.write(`wrote ${o.out} (GEXF 1.3, up to ${limit} edges)\n`);
}
