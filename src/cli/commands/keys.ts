import type { Command } from 'commander';
import { addKeyFiles, describeKey, listKeys } from '../../verify/key-archive.js';
import { caseOptions, openCase } from '../common.js';
import { UserError } from '../errors.js';
import { printJson, table, writeText } from '../output.js';

/** `leaklens keys add FILE...` and `leaklens keys list`: the case's DKIM key archive. */
export function register(program: Command): void {
  const keys = program
    .command('keys')
    .description(
      'DKIM key archive of the case (zone files, dig output, archive.prove.email JSON lines, DNS-cache JSON)',
    );
  caseOptions(
    keys
      .command('add')
      .description('copy key files into <case>/keys/ and archive their DKIM records')
      .argument('<files...>', 'key files')
      .option('--json', 'JSON output'),
  ).action((files: string[], o: { case: string; json?: boolean }) => {
    const store = openCase(o.case, { create: true });
    try {
      const added = addKeyFiles(store, files);
      if (o.json) printJson(added);
      else {
        const lines = added.map((a) =>
          a.error
            ? `${a.file}: ${a.error}`
            : `${a.file}: ${a.keys} key record(s) (${a.format})${a.skipped.length ? `, ${a.skipped.length} entries skipped: ${a.skipped.slice(0, 3).join('; ')}` : ''}`,
        );
        if (added.some((a) => a.keys)) lines.push('Run "leaklens verify" to use them.');
        writeText(`${lines.join('\n')}\n`);
      }
      const unreadable = added.filter((a) => a.error?.startsWith('cannot read'));
      if (!added.length) throw new UserError(`no key files in ${files.join(', ')}`, 'nothing-done');
      if (unreadable.length === added.length)
        throw new UserError(unreadable.map((a) => a.error).join('; '), 'not-found');
      // A file with no DKIM record (a typo'd path to the wrong file, an empty zone) added nothing.
      if (added.every((a) => !a.keys))
        throw new UserError(`no DKIM key record found in ${files.join(', ')}`, 'nothing-done');
    } finally {
      store.close();
    }
  });
  caseOptions(keys.command('list').description('list archived keys').option('--json', 'JSON output')).action(
    (o: { case: string; json?: boolean }) => {
      const store = openCase(o.case);
      try {
        const list = listKeys(store).map((k) => ({ ...k, key: describeKey(k.record) }));
        if (o.json) return printJson(list);
        if (!list.length) return void writeText('No keys archived: "leaklens keys add FILE" adds some.\n');
        writeText(
          `${table(
            ['name', 'key', 'kind', 'source', 'first seen', 'last seen', 'fetched'],
            list.map((k) => [
              `${k.selector}._domainkey.${k.domain}`,
              k.key,
              k.kind,
              k.source,
              k.firstSeen,
              k.lastSeen,
              k.fetchedAt,
            ]),
          )}\n`,
        );
      } finally {
        store.close();
      }
    },
  );
}
