/** One entry of a hand-built tar. `name` as raw bytes lets a test write Shift-JIS or invalid UTF-8. */
export interface TarEntry {
  name: string | Buffer;
  data?: Buffer;
  /** ustar type flag: '0' file, '5' directory, '2' symlink. */
  type?: string;
  /** A pax `path` record (UTF-8) written before the entry. */
  paxPath?: string;
}

/**
 * Writes a POSIX ustar archive (IEEE 1003.1-1988 header, 512-byte blocks, two zero blocks at the
 * end) byte by byte, so tests can write names that tar tools refuse or rewrite (`../`, `/etc`,
 * legacy encodings).
 * @example const tar = writeTar([{ name: 'mail/1.eml', data: Buffer.from('…') }]);
 */
export function writeTar(entries: TarEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    if (e.paxPath) {
      const rec = paxRecord('path', e.paxPath);
      blocks.push(header(Buffer.from('PaxHeader'), rec.length, 'x'), pad(rec));
    }
    const data = e.data ?? Buffer.alloc(0);
    blocks.push(
      header(typeof e.name === 'string' ? Buffer.from(e.name) : e.name, data.length, e.type ?? '0'),
      pad(data),
    );
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

function header(name: Buffer, size: number, type: string): Buffer {
  const h = Buffer.alloc(512);
  name.copy(h, 0, 0, 100);
  h.write('0000644\0', 100, 'latin1');
  h.write('0000000\0', 108, 'latin1');
  h.write('0000000\0', 116, 'latin1');
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  h.write('14745540000\0', 136, 'latin1');
  h.write('        ', 148, 'latin1');
  h.write(type, 156, 'latin1');
  h.write('ustar\0' + '00', 257, 'latin1');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return h;
}

function pad(data: Buffer): Buffer {
  const rest = data.length % 512;
  return rest ? Buffer.concat([data, Buffer.alloc(512 - rest)]) : data;
}

/** POSIX pax record: "<len> <key>=<value>\n", where len counts itself. */
function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(body) + 1;
  while (String(len).length + Buffer.byteLength(body) !== len) len++;
  return Buffer.from(`${len}${body}`);
}
