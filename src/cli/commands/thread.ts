import type { Command } from 'commander';
import { threadTree } from '../../analyze/thread-tree.js';
import { isUserError } from '../../core/errors.js';
import { resolveItemId } from '../../search/resolve-id.js';
import { hasTable } from '../../store/tables.js';
import { caseOptions, openCase } from '../common.js';
import { UserError } from '../errors.js';
import { formatTime, oneLine, printJson, writeText } from '../output.js';

export function register(program: Command): void {
  caseOptions(
    program
      .command('thread')
      .description('Print the conversation tree a message belongs to (JWZ threading, Thread-Index, subject)')
      .argument('<id>', 'a message id (unique prefix is enough) or a thread id (th-…)')
      .option('--json', 'JSON output'),
  ).action((idArg: string, o: { case: string; json?: boolean }) => {
    const store = openCase(o.case, { readonly: true });
    try {
      const hasThreads = hasTable(store.db, 'threads');
      if (!hasThreads)
        throw new UserError(`no threads in ${store.path}: run "leaklens analyze --case ${o.case}" first`);
      const id = idArg.startsWith('th-') ? idArg : emailOrAsGiven(store, idArg);
      const tree = threadTree(store, id);
      if (!tree)
        throw new UserError(
          `no thread for "${idArg}" (give an e-mail id from "leaklens search" or a th-… id)`,
        );
      if (o.json) return printJson(tree);
      const lines = [
        `Thread ${tree.threadId}: ${oneLine(tree.subject || '(no subject)')} — ${tree.messages.filter((m) => !m.missing).length} message(s)${missingNote(tree.messages.filter((m) => m.missing).length)}`,
      ];
      for (const m of tree.messages) {
        const pad = '  '.repeat(m.depth);
        if (m.missing) {
          lines.push(`${pad}[<${m.messageId}> not in the dump]`);
          continue;
        }
        const mark = m.id === id ? '▶ ' : '';
        lines.push(
          `${pad}${m.missingParent ? '  ' : ''}${mark}${formatTime(m.date)}  ${oneLine(m.from ?? '?')}  ${oneLine(m.subject ?? '')}  ${m.id}`,
        );
      }
      writeText(`${lines.join('\n')}\n`);
    } finally {
      store.close();
    }
  });
}

/** The e-mail a prefix names; an ambiguous prefix is an error, an unknown one is kept as given. */
function emailOrAsGiven(store: Parameters<typeof resolveItemId>[0], idArg: string): string {
  try {
    return resolveItemId(store, idArg, 'e-mail');
  } catch (err) {
    if (isUserError(err, 'not-found')) return idArg;
    throw err;
  }
}

const missingNote = (n: number) => (n ? `, ${n} cited but not in the dump` : '');
