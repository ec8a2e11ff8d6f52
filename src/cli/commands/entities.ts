import type { Command } from 'commander';
import { entityOccurrences, entityTotals, hasEntities } from '../../analyze/entities/queries.js';
import { ENTITY_TYPES } from '../../analyze/entities/types.js';
import { caseOptions, openCase, wholeNumber } from '../common.js';
import { UserError } from '../errors.js';
import { printJson, table, writeText } from '../output.js';

export function register(program: Command): void {
  caseOptions(
    program
      .command('entities')
      .description(
        `Entities found by triage (${ENTITY_TYPES.join(', ')}), most frequent first, or every place one occurs`,
      )
      .option('--type <type>', 'only this entity type')
      .option('--value <normalized>', 'list every occurrence of this value')
      .option('--limit <n>', 'rows', wholeNumber('--limit', 1), 50)
      .option('--json', 'JSON output'),
  ).action((o: { case: string; json?: boolean; type?: string; value?: string; limit: string }) => {
    const store = openCase(o.case, { readonly: true });
    try {
      if (!hasEntities(store))
        throw new UserError(`no entities in ${store.path}: run "leaklens analyze --case ${o.case}" first`);
      if (o.type && !(ENTITY_TYPES as string[]).includes(o.type))
        throw new UserError(`unknown entity type "${o.type}" (one of ${ENTITY_TYPES.join(', ')})`);
      const limit = Number(o.limit);
      if (o.value) {
        const rows = entityOccurrences(store, { value: o.value, type: o.type, limit });
        if (o.json) return printJson(rows);
        return void writeText(
          `${table(
            ['item', 'field', 'as written', 'at'],
            rows.map((r) => [r.itemId, r.field, r.value, r.start]),
          )}\n`,
        );
      }
      const rows = entityTotals(store, { type: o.type, limit });
      if (o.json) return printJson(rows);
      writeText(
        `${table(
          ['type', 'value', 'items', 'mentions'],
          rows.map((r) => [r.type, r.normalized, r.items, r.mentions]),
        )}\n`,
      );
    } finally {
      store.close();
    }
  });
}
