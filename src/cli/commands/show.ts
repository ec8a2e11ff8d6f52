import type { Command } from 'commander';
import { getItem, resolveId } from '../../search/item.js';
import { caseOptions, openCase } from '../common.js';
import { UserError } from '../errors.js';
import { formatBytes, oneLine, printJson, writeText } from '../output.js';

export function register(program: Command): void {
  caseOptions(
    program
      .command('show')
      .description('Show one item: headers in original order, bodies, attachments, provenance, flags')
      .argument('<id>', 'item id (a unique prefix is enough)')
      .option('--raw-headers', 'print headers exactly as received, in order')
      .option('--json', 'JSON output'),
  ).action((idArg: string, o: { case: string; json?: boolean; rawHeaders?: boolean }) => {
    const store = openCase(o.case, { readonly: true });
    try {
      const id = resolveId(store, idArg);
      const item = id ? getItem(store, id) : null;
      if (!item) throw new UserError(`no item "${idArg}" in ${store.path} (ids come from "leaklens search")`);
      if (o.json) {
        printJson(item);
        return;
      }
      const out: string[] = [
        `${item.kind} ${item.id}  ${item.mime ?? ''}  ${formatBytes(item.size)}  sha256 ${item.sha256 ?? '-'}  status ${item.status}`,
      ];
      out.push(`Found at: ${item.locations.map((l) => oneLine(l.provenance)).join('\n          ')}`);
      if (item.email) {
        const e = item.email;
        if (o.rawHeaders) out.push('', ...e.headers.map((h) => oneLine(`${h.name}: ${h.value}`)));
        else {
          const fmt = (a: { name: string; address: string }) =>
            oneLine(a.name ? `${a.name} <${a.address}>` : a.address);
          out.push('', `From:    ${e.from ? fmt(e.from) : '(none)'}`, `To:      ${e.to.map(fmt).join(', ')}`);
          if (e.cc.length) out.push(`Cc:      ${e.cc.map(fmt).join(', ')}`);
          out.push(
            `Date:    ${oneLine(e.dateRaw ?? '(none)')}${e.date ? `  [${e.date}]` : ''}`,
            `Subject: ${oneLine(e.subject ?? '')}`,
            `Message-ID: ${oneLine(e.messageId ?? '(none)')}`,
          );
        }
        out.push('', e.text || e.htmlText || '(no text body)');
      }
      if (item.document) {
        const d = item.document;
        out.push(`File: ${oneLine(d.filename ?? '')}  language: ${d.language ?? '-'}`);
        const meta = Object.entries(d.metadata);
        if (meta.length)
          out.push(
            'Metadata:',
            ...meta.map(
              ([k, v]) =>
                `  ${oneLine(k)}: ${oneLine(typeof v === 'object' ? JSON.stringify(v) : String(v))}`,
            ),
          );
        if (d.text) out.push('', d.text.slice(0, 4000) + (d.text.length > 4000 ? '\n…' : ''));
      }
      if (item.children.length) {
        out.push('', 'Contains:');
        for (const c of item.children)
          out.push(
            `  ${c.id}  ${c.kind.padEnd(8)}  ${formatBytes(c.size).padStart(8)}  ${oneLine(c.name)}${c.status !== 'ok' ? `  [${c.status}]` : ''}`,
          );
      }
      if (item.flags.length)
        out.push(
          '',
          'Flags:',
          ...item.flags.map((f) => `  [${f.severity}] ${f.kind}: ${oneLine(f.message)}`),
        );
      if (item.failures.length)
        out.push('', 'Failures:', ...item.failures.map((f) => `  ${f.reason}: ${oneLine(f.message)}`));
      writeText(`${out.join('\n')}\n`);
    } finally {
      store.close();
    }
  });
}
