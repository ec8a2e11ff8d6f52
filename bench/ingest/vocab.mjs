// Vocabulary shared by the maildir generator and the search benchmark: the long tail of synthetic
// words, so that queries can use words whose frequency in the corpus is known by construction.
export const SYL = [
  'ra',
  'mo',
  'li',
  'tan',
  'ver',
  'cou',
  'pé',
  'gro',
  'ment',
  'ion',
  'dé',
  'bri',
  'sa',
  'lon',
  'cha',
  'tu',
  'ré',
  'por',
  'vi',
  'nel',
];
export const tailWord = (i) => SYL[i % 20] + SYL[Math.floor(i / 20) % 20] + SYL[Math.floor(i / 400) % 20];

/** Quoted-printable (RFC 2045 §6.7): lines of at most 76 characters, escapes never split. */
export const qp = (text) => {
  const lines = [];
  for (const line of text.split('\n')) {
    let cur = '';
    for (const byte of Buffer.from(line, 'utf8')) {
      const tok =
        byte === 0x3d || byte < 0x20 || byte > 0x7e
          ? `=${byte.toString(16).toUpperCase().padStart(2, '0')}`
          : String.fromCharCode(byte);
      if (cur.length + tok.length > 75) {
        lines.push(`${cur}=`);
        cur = '';
      }
      cur += tok;
    }
    lines.push(cur);
  }
  return lines.join('\r\n');
};
