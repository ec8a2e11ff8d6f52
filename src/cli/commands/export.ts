import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { resolveItemId } from '../../search/resolve-id.js';
import { itemFileRow } from '../../store/case-stats.js';
import { caseOptions, openCase } from '../common.js';
import { UserError } from '../errors.js';
import { printJson } from '../output.js';

export function register(program: Command): void {
  caseOptions(
    program
      .command('export')
      .description(
        'Write the original bytes of an item, unchanged (to --out FILE, or to stdout when it is not a terminal)',
      )
      .argument('<id>', 'item id (a unique prefix is enough)')
      .option('-o, --out <file>', 'write to this file instead of stdout')
      .option(
        '--json',
        'print {id, kind, name, mime, size, sha256, out} as JSON; without --out the bytes are in "base64"',
      ),
  ).action((idArg: string, o: { case: string; out?: string; json?: boolean }) => {
    const store = openCase(o.case, { readonly: true });
    try {
      const id = resolveItemId(store, idArg);
      const row = itemFileRow(store, id);
      if (!row) throw new UserError(`no item "${idArg}" in ${store.path}`, 'not-found');
      if (!row.sha256) throw new UserError(`item ${id} is a directory: it has no bytes of its own`);
      // The original bytes are leaked data: on a terminal they would be obeyed (ESC sequences can
      // retitle, recolour or erase it), so they go to a file or a pipe only.
      if (!o.out && !o.json && process.stdout.isTTY)
        throw new UserError(
          `export writes the original bytes of ${id}, unchanged; standard output is a terminal, which would act on control bytes in them: give --out FILE, or redirect (> file, | less)`,
        );
      const data = store.blobs.get(row.sha256);
      if (o.out) writeFileSync(o.out, data);
      if (o.json)
        printJson({
          ...row,
          out: o.out ? resolve(o.out) : null,
          ...(o.out ? {} : { base64: data.toString('base64') }),
        });
      else if (!o.out) process.stdout.write(data);
    } finally {
      store.close();
    }
  });
}
