import type { Command } from 'commander';
import { mentionCounter, namedInText, passagesNaming } from '../../analyze/names/read.js';
import { buildPeople, type Person, readPeopleDb } from '../../analyze/people.js';
import { UserError } from '../../core/errors.js';
import { caseOptions, wholeNumber } from '../common.js';
import { printJson, table, writeText } from '../output.js';
import { databaseOptions, openReadCase, type TeamOptions } from '../team.js';

/** `leaklens people`: the identities found in document metadata and e-mail headers, with flags. */
export function register(program: Command): void {
  databaseOptions(
    caseOptions(
      program
        .command('people')
        .description(
          'Everyone named in document metadata (author, editor, company, save history) and e-mail headers, with outlier flags',
        )
        .option('--json', 'JSON output: { people: [...] }')
        .option('--flagged', 'only people with metadata flags')
        .option('--limit <n>', 'rows in the table (JSON has all)', wholeNumber('--limit', 1), 50)
        .option(
          '--named',
          'names found in running text (people, organisations, places) instead: { named: [...] }',
        )
        .option('--type <type>', 'with --named: only PER, ORG or LOC')
        .option(
          '--passages <name>',
          'the passages of bodies and documents that name this person (name, key or address)',
        ),
    ),
  ).action(async (opts: PeopleOpts) => {
    const c = await openReadCase(opts);
    try {
      if (opts.named || opts.passages) {
        await textNames(c.db, opts);
        return;
      }
      const count = await mentionCounter(c.db);
      // A case directory's table is rebuilt as the list is made; a team case's is the metadata
      // job's (src/team/metadata-job.ts), so the list is computed the same way and not stored.
      const list = c.store ? buildPeople(c.store) : await readPeopleDb(c.db);
      const all = [];
      for (const p of list) all.push({ ...p, namedInText: await count(p) });
      let people = all;
      if (opts.flagged) people = people.filter((p) => Object.keys(p.flags).length > 0);
      if (opts.json) {
        printJson({ people });
        return;
      }
      const n = opts.limit;
      writeText(
        `${table(['name', 'roles', 'docs', 'mails', 'in text', 'script', 'app lang', 'UTC offsets', 'first', 'last', 'flags'], people.slice(0, n).map(row))}\n`,
      );
      if (people.length > n) writeText(`… ${people.length - n} more (use --limit or --json)\n`);
    } finally {
      await c.close();
    }
  });
}

interface PeopleOpts extends TeamOptions {
  case: string;
  json?: boolean;
  flagged?: boolean;
  limit: number;
  named?: boolean;
  type?: string;
  passages?: string;
}

const TYPES = ['PER', 'ORG', 'LOC'] as const;

/** `--named` and `--passages`: what triage found in running text (src/analyze/names/). */
async function textNames(db: Parameters<typeof namedInText>[0], opts: PeopleOpts): Promise<void> {
  const type = opts.type?.toUpperCase();
  if (type !== undefined && !(TYPES as readonly string[]).includes(type))
    throw new UserError(`--type ${opts.type}: use PER, ORG or LOC`);
  if (opts.passages) {
    const who = opts.passages;
    const person = who.includes('@') ? { addresses: [who], name: '' } : { addresses: [], name: who };
    const passages = await passagesNaming(db, person, opts.json ? 10000 : opts.limit);
    if (opts.json) printJson({ name: who, passages });
    else if (!passages.length)
      writeText(`No passage names "${who}" (run "leaklens analyze" if the case predates names in text).\n`);
    else
      writeText(
        `${table(
          ['item', 'field', 'type', 'name', 'passage'],
          passages.map((p) => [p.item_id.slice(0, 12), p.field, p.type, p.text, p.passage ?? '']),
        )}\n`,
      );
    return;
  }
  const named = await namedInText(db, {
    type: type as (typeof TYPES)[number] | undefined,
    limit: opts.json ? 100000 : opts.limit,
  });
  if (opts.json) {
    printJson({ named });
    return;
  }
  writeText(
    `${table(
      ['type', 'name', 'mentions', 'items', 'identity'],
      named.map((n) => [
        n.type,
        n.text,
        n.mentions,
        n.items,
        n.identity
          ? `${n.identity.name} ${n.identity.addresses[0] ? `<${n.identity.addresses[0]}>` : ''}`.trim()
          : '',
      ]),
    )}\n`,
  );
}

function row(p: Person & { namedInText: number }): (string | number)[] {
  const roles = Object.entries(p.roles)
    .map(([r, c]) => `${r}:${c}`)
    .join(' ');
  const tz = p.timezones.map((m) => `${m < 0 ? '-' : '+'}${Math.abs(m) / 60}`).join(',');
  const flags = Object.entries(p.flags)
    .map(([k, c]) => `${k}:${c}`)
    .join(' ');
  const name = p.addresses.length ? `${p.name} <${p.addresses[0]}>`.trim() : p.name;
  return [
    name,
    roles,
    p.documents,
    p.emails,
    p.namedInText,
    p.writingSystem,
    p.appLanguages.join(','),
    tz,
    (p.firstDate ?? '').slice(0, 10),
    (p.lastDate ?? '').slice(0, 10),
    flags,
  ];
}
