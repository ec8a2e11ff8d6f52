import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';

/** Every delivered copy in a demo dump as [location, bytes], read the way the truth names them. */
export function readDump(dir: string): [string, Buffer][] {
  const out: [string, Buffer][] = [];
  const md = join(dir, 'dump', 'maildir');
  for (const box of readdirSync(md).sort()) {
    for (const f of readdirSync(join(md, box, 'cur')).sort())
      out.push([`dump/maildir/${box}/cur/${f}`, readFileSync(join(md, box, 'cur', f))]);
  }
  for (const f of readdirSync(join(dir, 'dump', 'mbox')).sort()) {
    const text = readFileSync(join(dir, 'dump', 'mbox', f), 'utf8');
    const parts = text.split(/^From MAILER-DAEMON .*\n/m).slice(1);
    parts.forEach((p, i) => {
      out.push([
        `dump/mbox/${f}#${i + 1}`,
        Buffer.from(p.replace(/\n\n$/, '\n').replace(/^>(>*From )/gm, '$1')),
      ]);
    });
  }
  for (const f of readdirSync(join(dir, 'dump'))
    .filter((x) => x.endsWith('.zip'))
    .sort()) {
    const files = unzipSync(readFileSync(join(dir, 'dump', f)));
    for (const [name, data] of Object.entries(files).sort())
      out.push([`dump/${f}!/${name}`, Buffer.from(data)]);
  }
  return out;
}

/** A mailauth resolver answering from the demo's zone file, failing loudly on anything else. */
export function zoneResolver(zone: string): (name: string, type: string) => Promise<string[][]> {
  const recs = new Map<string, string>();
  for (const line of zone.split('\n')) {
    const m = line.match(/^(\S+)\.\s+\d+\s+IN\s+TXT\s+\(\s*(.*)\s*\)$/);
    if (m?.[1] && m[2]) recs.set(m[1], [...m[2].matchAll(/"([^"]*)"/g)].map((x) => x[1]).join(''));
  }
  return async (name, type) => {
    const v = type === 'TXT' ? recs.get(name) : undefined;
    if (!v) throw Object.assign(new Error(`no ${type} record for ${name}`), { code: 'ENOTFOUND' });
    return [[v]];
  };
}
