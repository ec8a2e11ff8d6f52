import type { Command } from 'commander';
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
      if (!store.db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'entities'").get())
        throw new UserError(`no entities in ${store.path}: run "leaklens analyze --case ${o.case}" first`);
      if (o.type && !(ENTITY_TYPES as string[]).includes(o.type))
        throw new UserError(`unknown entity type "${o.type}" (one of ${ENTITY_TYPES.join(', ')})`);
      const limit = Number(o.limit);
      if (o.value) {
        const rows = store.db
          .prepare(
            `SELECT item_id AS itemId, type, value, normalized, field, start, "end" FROM entities WHERE normalized = ? ${o.type ? 'AND type = ?' : ''} ORDER BY item_id, start LIMIT ?`,
          )
          .all(...[o.value, ...(o.type ? [o.type] : []), limit]) as Record<string, unknown>[];
        if (o.json) return printJson(rows);
        return void writeText(
          `${table(
            ['item', 'field', 'as written', 'at'],
            rows.map((r) => [r.itemId as string, r.field as string, r.value as string, r.start as number]),
          )}\n`,
        );
      }
      const rows = store.db
        .prepare(
          `SELECT type, normalized, count(*) AS mentions, count(DISTINCT item_id) AS items FROM entities ${o.type ? 'WHERE type = ?' : ''} GROUP BY type, normalized ORDER BY items DESC, mentions DESC, normalized LIMIT ?`,
        )
        .all(...[...(o.type ? [o.type] : []), limit]) as {
        type: string;
        normalized: string;
        mentions: number;
        items: number;
      }[];
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
