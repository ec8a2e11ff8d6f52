import type { Command } from 'commander';
import { buildPeople, type Person } from '../../analyze/people.js';
import { caseOptions, openCase, wholeNumber } from '../common.js';
import { printJson, table, writeText } from '../output.js';

/** `leaklens people`: the identities found in document metadata and e-mail headers, with flags. */
export function register(program: Command): void {
  caseOptions(
    program
      .command('people')
      .description(
        'Everyone named in document metadata (author, editor, company, save history) and e-mail headers, with outlier flags',
      )
      .option('--json', 'JSON output: { people: [...] }')
      .option('--flagged', 'only people with metadata flags')
      .option('--limit <n>', 'rows in the table (JSON has all)', wholeNumber('--limit', 1), 50),
  ).action((opts: { case: string; json?: boolean; flagged?: boolean; limit: number }) => {
    const store = openCase(opts.case);
    try {
      let people = buildPeople(store);
      if (opts.flagged) people = people.filter((p) => Object.keys(p.flags).length > 0);
      if (opts.json) {
        printJson({ people });
        return;
      }
      const n = opts.limit;
      writeText(
        `${table(['name', 'roles', 'docs', 'mails', 'script', 'app lang', 'UTC offsets', 'first', 'last', 'flags'], people.slice(0, n).map(row))}\n`,
      );
      if (people.length > n) writeText(`… ${people.length - n} more (use --limit or --json)\n`);
    } finally {
      store.close();
    }
  });
}

function row(p: Person): (string | number)[] {
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
    p.writingSystem,
    p.appLanguages.join(','),
    tz,
    (p.firstDate ?? '').slice(0, 10),
    (p.lastDate ?? '').slice(0, 10),
    flags,
  ];
}
