import type { Command } from 'commander';
import { threadTree } from '../../analyze/thread-tree.js';
import { resolveId } from '../../search/item.js';
import { caseOptions, openCase } from '../common.js';
import { UserError } from '../errors.js';
import { oneLine, printJson, writeText } from '../output.js';

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
      const hasThreads = store.db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'threads'").get();
      if (!hasThreads)
        throw new UserError(`no threads in ${store.path}: run "leaklens analyze --case ${o.case}" first`);
      const id = idArg.startsWith('th-') ? idArg : (resolveId(store, idArg) ?? idArg);
      const tree = threadTree(store, id);
      if (!tree)
        throw new UserError(
          `no thread for "${idArg}" (give an e-mail id from "leaklens search" or a th-… id)`,
        );
      if (o.json) return printJson(tree);
      const lines = [
        `Thread ${tree.threadId}: ${oneLine(tree.subject || '(no subject)')} — ${tree.messages.length} message(s)`,
      ];
      for (const m of tree.messages) {
        const pad = '  '.repeat(m.depth);
        if (m.missingParent) lines.push(`${pad}[parent message not in the dump]`);
        const mark = m.id === id ? '▶ ' : '';
        lines.push(
          `${pad}${m.missingParent ? '  ' : ''}${mark}${(m.date ?? '').slice(0, 16).replace('T', ' ')}  ${oneLine(m.from ?? '?')}  ${oneLine(m.subject ?? '')}  ${m.id}`,
        );
      }
      writeText(`${lines.join('\n')}\n`);
    } finally {
      store.close();
    }
  });
}
