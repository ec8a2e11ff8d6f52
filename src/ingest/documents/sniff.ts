/** MIME type from magic bytes first, then the declared type, then the extension. */
const MAGIC: [number[], number, string][] = [
  [[0x25, 0x50, 0x44, 0x46], 0, 'application/pdf'],
  [[0xff, 0xd8, 0xff], 0, 'image/jpeg'],
  [[0x89, 0x50, 0x4e, 0x47], 0, 'image/png'],
  [[0x47, 0x49, 0x46, 0x38], 0, 'image/gif'],
  [[0x50, 0x4b, 0x03, 0x04], 0, 'application/zip'],
  [[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 0, 'application/x-ole-storage'],
  [[0x1f, 0x8b], 0, 'application/gzip'],
  [[0x42, 0x5a, 0x68], 0, 'application/x-bzip2'],
  [[0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], 0, 'application/x-7z-compressed'],
  [[0x52, 0x61, 0x72, 0x21, 0x1a, 0x07], 0, 'application/vnd.rar'],
  [[0x7b, 0x5c, 0x72, 0x74, 0x66], 0, 'application/rtf'],
];

const BY_EXT: Record<string, string> = {
  txt: 'text/plain',
  csv: 'text/csv',
  html: 'text/html',
  htm: 'text/html',
  xml: 'application/xml',
  json: 'application/json',
  ics: 'text/calendar',
  vcf: 'text/vcard',
};

export function sniffMime(head: Uint8Array, declared: string | undefined, name: string): string {
  for (const [sig, off, mime] of MAGIC) {
    if (sig.every((b, i) => head[off + i] === b)) return mime;
  }
  if (declared && declared !== 'application/octet-stream') return declared;
  const ext = name.split('.').pop()?.toLowerCase() ?? '';
  return BY_EXT[ext] ?? 'application/octet-stream';
}
