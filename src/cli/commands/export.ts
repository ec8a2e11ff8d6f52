import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { resolveId } from '../../search/item.js';
import { caseOptions, openCase } from '../common.js';
import { UserError } from '../errors.js';

export function register(program: Command): void {
  caseOptions(
    program
      .command('export')
      .description('Write the original bytes of an item, unchanged (to stdout or --out FILE)')
      .argument('<id>', 'item id (a unique prefix is enough)')
      .option('-o, --out <file>', 'write to this file instead of stdout'),
  ).action((idArg: string, o: { case: string; out?: string }) => {
    const store = openCase(o.case, { readonly: true });
    try {
      const id = resolveId(store, idArg);
      const row = id
        ? (store.db.prepare('SELECT sha256 FROM items WHERE id = ?').get(id) as { sha256: string | null })
        : undefined;
      if (!row) throw new UserError(`no item "${idArg}" in ${store.path}`);
      if (!row.sha256) throw new UserError(`item ${id} is a directory: it has no bytes of its own`);
      const data = store.blobs.get(row.sha256);
      if (o.out) writeFileSync(o.out, data);
      else process.stdout.write(data);
    } finally {
      store.close();
    }
  });
}
