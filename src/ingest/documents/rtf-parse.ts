import iconv from 'iconv-lite';

/**
 * A small RTF 1.9.1 reader: walks groups and control words once, keeping body text and the
 * `\info` group's fields. `\'hh` bytes decode in the `\ansicpg` code page; `\uN` is Unicode,
 * followed by `\ucN` fallback characters that are skipped. Destinations that are not text
 * (font and colour tables, pictures, `\*` destinations) are skipped whole.
 */
export interface RtfResult {
  text: string;
  info: Record<string, string>;
  dates: Record<string, string>;
  codepage: number;
}

const SKIP = new Set([
  'fonttbl',
  'colortbl',
  'stylesheet',
  'pict',
  'object',
  'header',
  'footer',
  'listtable',
  'listoverridetable',
  'rsidtbl',
  'generator',
  'xmlnstbl',
  'themedata',
  'colorschememapping',
  'latentstyles',
  'datastore',
  'filetbl',
  'revtbl',
  'pgdsctbl',
]);
const INFO_TEXT = new Set([
  'title',
  'subject',
  'author',
  'operator',
  'keywords',
  'doccomm',
  'company',
  'manager',
  'category',
  'comment',
  'hlinkbase',
]);
const INFO_NUM = new Set(['version', 'edmins', 'nofpages', 'nofwords', 'nofchars', 'vern']);
const DATE_GROUPS = new Set(['creatim', 'revtim', 'printim', 'buptim']);

interface Frame {
  dest: string;
  skip: boolean;
  uc: number;
  date?: Record<string, number>;
}

export function parseRtf(src: string, maxChars: number): RtfResult {
  const res: RtfResult = { text: '', info: {}, dates: {}, codepage: 1252 };
  const out: string[] = [];
  const stack: Frame[] = [];
  let f: Frame = { dest: 'body', skip: false, uc: 1 };
  let bytes: number[] = [];
  let pendingSkip = 0;
  let outLen = 0;
  const emit = (chunk: string) => {
    let s = chunk;
    if (pendingSkip > 0) {
      const k = Math.min(pendingSkip, s.length);
      pendingSkip -= k;
      s = s.slice(k);
      if (!s) return;
    }
    if (f.skip) return;
    if (f.dest === 'body') {
      if (outLen < maxChars) {
        out.push(s);
        outLen += s.length;
      }
    } else if (INFO_TEXT.has(f.dest)) res.info[f.dest] = (res.info[f.dest] ?? '') + s;
  };
  const flush = () => {
    if (bytes.length) {
      // A code page iconv-lite does not know (`\ansicpg1` from a damaged file) reads as
      // Windows-1252, the RTF default, instead of throwing (found by bench/fuzz, issue #18).
      const cp = `cp${res.codepage}`;
      emit(iconv.decode(Buffer.from(bytes), iconv.encodingExists(cp) ? cp : 'cp1252'));
      bytes = [];
    }
  };
  const re = /\\([a-z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\([^a-z])|([{}])|([^\\{}\r\n]+)|[\r\n]+/g;
  for (let m = re.exec(src); m; m = re.exec(src)) {
    if (m[3]) {
      if (pendingSkip > 0) pendingSkip--;
      else bytes.push(Number.parseInt(m[3], 16));
      continue;
    }
    flush();
    if (m[5] === '{') {
      stack.push(f);
      f = { ...f, date: undefined };
      if (stack.length > 1000) break;
    } else if (m[5] === '}') {
      if (f.date && DATE_GROUPS.has(f.dest)) res.dates[f.dest] = rtfDate(f.date);
      f = stack.pop() ?? f;
    } else if (m[6]) emit(m[6]);
    else if (m[4]) {
      if (m[4] === '*') f.skip = true;
      else if (m[4] === '~') emit('\u00a0');
      else if ('\\{}'.includes(m[4])) emit(m[4]);
    } else if (m[1]) control(m[1], m[2] === undefined ? undefined : Number(m[2]));
  }
  flush();
  res.text = out
    .join('')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  for (const k of Object.keys(res.info)) res.info[k] = (res.info[k] ?? '').trim();
  return res;

  function control(word: string, n: number | undefined): void {
    if (word === 'ansicpg' && n) res.codepage = n;
    else if (word === 'uc' && n !== undefined) f.uc = n;
    else if (word === 'u' && n !== undefined) {
      emit(String.fromCharCode(n < 0 ? n + 65536 : n));
      pendingSkip = f.uc;
    } else if (word === 'par' || word === 'line' || word === 'row' || word === 'sect') emit('\n');
    else if (word === 'tab' || word === 'cell') emit('\t');
    else if (SKIP.has(word)) f.skip = true;
    else if (word === 'info') f.dest = 'info';
    else if (INFO_TEXT.has(word) || DATE_GROUPS.has(word)) {
      f.dest = word;
      f.date = DATE_GROUPS.has(word) ? {} : undefined;
    } else if (INFO_NUM.has(word) && f.dest === 'info' && n !== undefined) res.info[word] = String(n);
    else if (f.date && ['yr', 'mo', 'dy', 'hr', 'min', 'sec'].includes(word) && n !== undefined)
      f.date[word] = n;
  }
}

/** `\yr2017\mo3\dy27\hr14\min5`: a local time (RTF carries no zone). */
function rtfDate(d: Record<string, number>): string {
  const p = (n: number | undefined) => String(n ?? 0).padStart(2, '0');
  return `${String(d.yr ?? 0).padStart(4, '0')}-${p(d.mo ?? 1)}-${p(d.dy ?? 1)}T${p(d.hr)}:${p(d.min)}:${p(d.sec)}`;
}
