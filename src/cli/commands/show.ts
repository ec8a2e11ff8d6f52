import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { SqlCaseStore } from '../../case/case-store.js';
import type { SqlDb } from '../../case/sql-db.js';
import { SqliteDb } from '../../case/sqlite-db.js';
import { getItem } from '../../search/item.js';
import { resolveItemIdIn } from '../../search/resolve-id.js';
import { BlobStore } from '../../store/blob-store.js';
import { caseOptions, openCase } from '../common.js';
import { UserError } from '../errors.js';
import { itemText } from '../item-text.js';
import { printJson, writeText } from '../output.js';
import { rawHeaderSection } from '../raw-headers.js';
import { databaseOptions, openExistingTeamCase, type TeamOptions } from '../team.js';

interface ShowOpts extends TeamOptions {
  case: string;
  json?: boolean;
  rawHeaders?: boolean;
  blobs?: string;
}

/** The case `show` reads: its database, where messages name it, its originals, and how to close it. */
interface Opened {
  db: SqlDb;
  where: string;
  blobs: () => BlobStore;
  close: () => Promise<void>;
}

export function register(program: Command): void {
  databaseOptions(
    caseOptions(
      program
        .command('show')
        .description(
          'Show one item: verdict with per-signature detail, flags, what changed, headers in original order, body, attachments, provenance',
        )
        .argument('<id>', 'item id (a unique prefix is enough)')
        .option('--raw-headers', 'print the header section exactly as received: order and folding kept')
        .option('--json', 'JSON output'),
    ),
  )
    .option('--blobs <dir>', 'team mode: the blob directory the workers write (for --raw-headers)')
    .action(async (idArg: string, o: ShowOpts) => {
      const c = await openShown(o);
      try {
        // A unique prefix is enough; an unknown or ambiguous one is refused by name.
        const item = await getItem(c.db, await resolveItemIdIn(c.db, idArg, c.where));
        if (!item)
          throw new UserError(
            `no item "${idArg}" in ${c.where} (find ids with "leaklens search")`,
            'not-found',
          );
        if (o.json) {
          printJson(item);
          return;
        }
        // Raw headers come from the original bytes, so folding and order stay as received.
        const rawHeaders =
          o.rawHeaders && item.email && item.sha256 ? rawHeaderSection(original(c, item.sha256)) : undefined;
        writeText(itemText(item, { rawHeaders }));
      } finally {
        await c.close();
      }
    });
}

/** The case directory (read-only), or the team case with --database. */
async function openShown(o: ShowOpts): Promise<Opened> {
  if (o.database) {
    const blobDir = o.blobs ? resolve(o.blobs) : undefined;
    if (blobDir && !existsSync(blobDir)) throw new UserError(`--blobs ${o.blobs}: no such directory`);
    const store = (await openExistingTeamCase(o)) as SqlCaseStore;
    return {
      db: store.db,
      where: `case "${o.caseName}"`,
      blobs: () => {
        if (!blobDir)
          throw new UserError('--raw-headers on a team case needs --blobs DIR (the workers’ blob directory)');
        return new BlobStore(blobDir);
      },
      close: () => store.close(),
    };
  }
  if (o.blobs) throw new UserError('--blobs is for a team case (--database); a case directory keeps its own');
  const store = openCase(o.case, { readonly: true });
  return {
    db: new SqliteDb(store.db),
    where: store.path,
    blobs: () => store.blobs,
    close: async () => store.close(),
  };
}

function original(c: Opened, sha: string): Buffer {
  const blobs = c.blobs();
  if (!blobs.has(sha)) throw new UserError(`the original ${sha} is not in ${blobs.root}`, 'not-found');
  return blobs.get(sha);
}
