import type { Command } from 'commander';
import { getItem } from '../../search/item.js';
import { resolveItemId } from '../../search/resolve-id.js';
import { caseOptions, openCase } from '../common.js';
import { UserError } from '../errors.js';
import { itemText } from '../item-text.js';
import { printJson, writeText } from '../output.js';
import { rawHeaderSection } from '../raw-headers.js';

export function register(program: Command): void {
  caseOptions(
    program
      .command('show')
      .description(
        'Show one item: verdict with per-signature detail, flags, what changed, headers in original order, body, attachments, provenance',
      )
      .argument('<id>', 'item id (a unique prefix is enough)')
      .option('--raw-headers', 'print the header section exactly as received: order and folding kept')
      .option('--json', 'JSON output'),
  ).action((idArg: string, o: { case: string; json?: boolean; rawHeaders?: boolean }) => {
    const store = openCase(o.case, { readonly: true });
    try {
      // A unique prefix is enough; an unknown or ambiguous one is refused by name.
      const item = getItem(store, resolveItemId(store, idArg));
      if (!item)
        throw new UserError(
          `no item "${idArg}" in ${store.path} (find ids with "leaklens search")`,
          'not-found',
        );
      if (o.json) {
        printJson(item);
        return;
      }
      // Raw headers come from the original bytes, so folding and order stay as received.
      const rawHeaders =
        o.rawHeaders && item.email && item.sha256
          ? rawHeaderSection(store.blobs.get(item.sha256))
          : undefined;
      writeText(itemText(item, { rawHeaders }));
    } finally {
      store.close();
    }
  });
}
