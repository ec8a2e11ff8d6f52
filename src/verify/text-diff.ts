/**
 * A word-level diff (Myers, "An O(ND) Difference Algorithm", 1986) between a reference text (a
 * verified copy, or the other MIME part) and the text as it is in this message. Whitespace is not
 * compared: line wrapping differs between copies and between a text part and its HTML twin.
 */

/** Beyond this many differing words the texts are unrelated: one replacement is reported. */
export const MAX_EDIT_DISTANCE = 1000;

export type DiffOp = { op: 'same' | 'ins' | 'del'; text: string };

/** Words with the whitespace that follows each, so runs can be put back together as written. */
function words(s: string): { word: string; raw: string }[] {
  const out: { word: string; raw: string }[] = [];
  for (const m of s.matchAll(/(\S+)(\s*)/g)) out.push({ word: m[1] ?? '', raw: m[2] ? m[0] : `${m[1]} ` });
  return out;
}

/**
 * Ops that turn `reference` into `current`: `del` is text only in the reference, `ins` text only
 * in this message, `same` text in both (as written in this message).
 * @example wordDiff('a b c', 'a X b c') // [{op:'same',text:'a '},{op:'ins',text:'X '},{op:'same',text:'b c'}]
 */
export function wordDiff(reference: string, current: string): DiffOp[] {
  const a = words(reference);
  const b = words(current);
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre]?.word === b[pre]?.word) pre++;
  let suf = 0;
  while (
    suf < a.length - pre &&
    suf < b.length - pre &&
    a[a.length - 1 - suf]?.word === b[b.length - 1 - suf]?.word
  )
    suf++;
  const midA = a.slice(pre, a.length - suf);
  const midB = b.slice(pre, b.length - suf);
  const ops: DiffOp[] = [];
  const push = (op: DiffOp['op'], text: string) => {
    const last = ops[ops.length - 1];
    if (last && last.op === op) last.text += text;
    else if (text) ops.push({ op, text });
  };
  for (const w of b.slice(0, pre)) push('same', w.raw);
  const script = myers(
    midA.map((w) => w.word),
    midB.map((w) => w.word),
  );
  if (script === null) {
    for (const w of midA) push('del', w.raw);
    for (const w of midB) push('ins', w.raw);
  } else {
    for (const [op, i] of script) push(op, (op === 'del' ? midA[i] : midB[i])?.raw ?? '');
  }
  for (const w of b.slice(b.length - suf)) push('same', w.raw);
  return ops;
}

type Step = ['same' | 'ins' | 'del', number];

/** The shortest edit script, or null past MAX_EDIT_DISTANCE. Indexes point into a (del) or b. */
function myers(a: string[], b: string[]): Step[] | null {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_EDIT_DISTANCE);
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0));
      let x = down ? (v[offset + k + 1] ?? 0) : (v[offset + k - 1] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, offset, n, m, d);
    }
    v = next;
  }
  return null;
}

function backtrack(trace: Int32Array[], offset: number, n: number, m: number, dEnd: number): Step[] {
  const steps: Step[] = [];
  let x = n;
  let y = m;
  for (let d = dEnd; d >= 0; d--) {
    const v = trace[d] as Int32Array;
    const k = x - y;
    const down = k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0));
    const prevK = down ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : (v[offset + prevK] ?? 0);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      steps.push(['same', y]);
    }
    if (d > 0) {
      if (down) steps.push(['ins', --y]);
      else steps.push(['del', --x]);
    }
  }
  return steps.reverse();
}

/** A link is written as its address in a plain part and as an anchor in HTML: not a change of words. */
const ONLY_LINKS = /^(?:\s|<?(?:https?:\/\/|mailto:|www\.)[^\s>]+>?|[^\p{L}\p{N}])*$/u;

/**
 * The inserted runs and the removed runs, whitespace collapsed: what a reader quotes. Runs made
 * only of links or punctuation are left out (the diff itself still shows them).
 */
export function changedRuns(ops: DiffOp[]): { inserted: string[]; removed: string[] } {
  const runs = (op: DiffOp['op']) =>
    ops.filter((o) => o.op === op && !ONLY_LINKS.test(o.text)).map((o) => o.text.replace(/\s+/g, ' ').trim());
  return { inserted: runs('ins'), removed: runs('del') };
}

/** Words of context kept either side of a change in a unified-style listing. */
const CONTEXT_WORDS = 8;

/**
 * A unified-style listing for a terminal: `-` lines only in the reference, `+` lines only in this
 * message, `  …` context lines around them. Control characters are shown as U+FFFD.
 */
export function unifiedLines(ops: DiffOp[]): string[] {
  const clean = (s: string) =>
    s
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\uFFFD')
      .replace(/\s+/g, ' ')
      .trim();
  const out: string[] = [];
  ops.forEach((o, i) => {
    if (o.op === 'same') {
      const w = clean(o.text).split(' ');
      const first = i === 0;
      const last = i === ops.length - 1;
      if (w.length <= CONTEXT_WORDS * 2 && !first && !last) out.push(`  ${w.join(' ')}`);
      else {
        if (!first)
          out.push(`  ${w.slice(0, CONTEXT_WORDS).join(' ')}${w.length > CONTEXT_WORDS ? ' …' : ''}`);
        if (!last) out.push(`  ${w.length > CONTEXT_WORDS ? '… ' : ''}${w.slice(-CONTEXT_WORDS).join(' ')}`);
      }
    } else out.push(`${o.op === 'ins' ? '+' : '-'} ${clean(o.text)}`);
  });
  return out;
}
