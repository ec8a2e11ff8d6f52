import type { Command } from 'commander';
import type { SqlCaseStore } from '../../case/case-store.js';
import {
  type AddedKeyFile,
  addKeyFiles,
  addKeyFilesDb,
  describeKey,
  listKeys,
  listKeysDb,
} from '../../verify/key-archive.js';
import type { KeyCandidate } from '../../verify/types.js';
import { caseOptions, openCase } from '../common.js';
import { UserError } from '../errors.js';
import { printJson, table, writeText } from '../output.js';
import { databaseOptions, openExistingTeamCase, openTeamCase, type TeamOptions } from '../team.js';

/** `leaklens keys add FILE...` and `leaklens keys list`: the case's DKIM key archive. */
export function register(program: Command): void {
  const keys = program
    .command('keys')
    .description(
      'DKIM key archive of the case (zone files, dig output, archive.prove.email JSON lines, DNS-cache JSON)',
    );
  databaseOptions(
    caseOptions(
      keys
        .command('add')
        .description(
          'copy key files into <case>/keys/ and archive their DKIM records (team mode: into the case database)',
        )
        .argument('<files...>', 'key files')
        .option('--json', 'JSON output'),
    ),
  ).action(async (files: string[], o: { case: string; json?: boolean } & Partial<TeamOptions>) => {
    const team = o.database ? ((await openTeamCase(o as TeamOptions)) as SqlCaseStore) : null;
    const store = team ? null : openCase(o.case, { create: true });
    try {
      const added: AddedKeyFile[] = team
        ? await addKeyFilesDb(team.db, files)
        : addKeyFiles(store as NonNullable<typeof store>, files);
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
      store?.close();
      await team?.close();
    }
  });
  databaseOptions(
    caseOptions(keys.command('list').description('list archived keys').option('--json', 'JSON output')),
  ).action(async (o: { case: string; json?: boolean } & Partial<TeamOptions>) => {
    // Listing reads: a case name with no case is an error, not a new empty case (as for a directory).
    const team = o.database ? ((await openExistingTeamCase(o as TeamOptions)) as SqlCaseStore) : null;
    const store = team ? null : openCase(o.case);
    try {
      const archived: KeyCandidate[] = team
        ? await listKeysDb(team.db)
        : listKeys(store as NonNullable<typeof store>);
      const list = archived.map((k) => ({ ...k, key: describeKey(k.record) }));
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
      store?.close();
      await team?.close();
    }
  });
}
