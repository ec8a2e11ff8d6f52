import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';

/**
 * HOUSE.md "The next layout": src/cli/, src/web/ and src/report/ are presenters only, with no SQL.
 * Their data come from functions of the area that owns it (which take the case's SqlDb or Store,
 * so SQLite and PostgreSQL share them); a presenter formats.
 *
 * The scan reads the string and template literals of each file (comments are skipped, so prose
 * such as "select a case" or a comment quoting a statement does not count) and looks for the
 * shape of a statement in capitals, as the project writes SQL.
 */

const ROOT = new URL('../..', import.meta.url).pathname;
const PRESENTERS = ['src/cli', 'src/web', 'src/report'];

/** Shapes of SQL statements, as written in this project (keywords in capitals). */
export const SQL_SHAPES: readonly RegExp[] = [
  /\bSELECT\s+(DISTINCT\s+)?[\w*"'(`$]/,
  /\bINSERT\s+(OR\s+[A-Z]+\s+)?INTO\b/,
  /\bUPDATE\s+[\w"]+\s+SET\b/,
  /\bDELETE\s+FROM\b/,
  /\b(CREATE|DROP|ALTER)\s+(TEMP\s+|TEMPORARY\s+|UNIQUE\s+)?(TABLE|INDEX|VIEW|SCHEMA|TRIGGER)\b/,
  /\bWITH\s+RECURSIVE\b/,
  /\bPRAGMA\s+\w/,
];

function walk(dir: string, out: string[]): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Characters after which a `/` starts a regular expression rather than a division. */
const BEFORE_REGEX = new Set('(,=:[!&|?{};+-*%<>~^'.split(''));

/**
 * The literals of a TypeScript source (string, template text between `${…}`, and nothing of
 * comments or regular expressions), each with its line, plus the code outside literals and
 * comments. A small scanner: the compiler of this project (TypeScript 7) has no JS API.
 */
export function scan(src: string): { literals: { text: string; line: number }[]; code: string } {
  const literals: { text: string; line: number }[] = [];
  let code = '';
  let line = 1;
  let i = 0;
  // Open templates, innermost last: the text read so far (each substitution as "x"), the line it
  // starts on and the brace depth its current substitution closes at.
  const templates: { text: string; line: number; depth: number }[] = [];
  let depth = 0;
  let lastSignificant = '';
  let lastWord = '';
  const readTemplate = (t: { text: string; line: number; depth: number }): void => {
    // At the character after ` or after the } closing a substitution.
    while (i < src.length) {
      const c = src[i] as string;
      if (c === '\\') {
        t.text += src.slice(i, i + 2);
        i += 2;
        continue;
      }
      if (c === '`') {
        i++;
        literals.push({ text: t.text, line: t.line });
        lastSignificant = '`';
        return;
      }
      if (c === '$' && src[i + 1] === '{') {
        i += 2;
        t.text += 'x';
        t.depth = depth;
        templates.push(t);
        depth++;
        lastSignificant = '{';
        return;
      }
      if (c === '\n') line++;
      t.text += c;
      i++;
    }
    literals.push({ text: t.text, line: t.line });
  };
  while (i < src.length) {
    const c = src[i] as string;
    const n = src[i + 1];
    if (c === '\n') {
      line++;
      code += c;
      i++;
      continue;
    }
    if (c === '/' && n === '/') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && n === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end < 0 ? src.length : end + 2;
      for (const ch of src.slice(i, stop)) if (ch === '\n') line++;
      i = stop;
      continue;
    }
    if (c === "'" || c === '"') {
      const start = line;
      let text = '';
      i++;
      while (i < src.length && src[i] !== c && src[i] !== '\n') {
        if (src[i] === '\\') {
          text += src.slice(i, i + 2);
          i += 2;
        } else text += src[i++];
      }
      i++;
      literals.push({ text, line: start });
      code += '""';
      lastSignificant = c;
      lastWord = '';
      continue;
    }
    if (c === '`') {
      i++;
      readTemplate({ text: '', line, depth: 0 });
      code += '``';
      lastWord = '';
      continue;
    }
    if (
      c === '/' &&
      (lastSignificant === '' ||
        BEFORE_REGEX.has(lastSignificant) ||
        /^(return|typeof|case|in|of|void)$/.test(lastWord))
    ) {
      // A regular expression literal: skipped up to its closing slash (classes may hold a slash).
      i++;
      let inClass = false;
      while (i < src.length && src[i] !== '\n') {
        const r = src[i];
        if (r === '\\') i += 2;
        else {
          i++;
          if (r === '[') inClass = true;
          else if (r === ']') inClass = false;
          else if (r === '/' && !inClass) break;
        }
      }
      while (i < src.length && /[a-z]/.test(src[i] as string)) i++;
      code += '/re/';
      lastSignificant = '/';
      lastWord = '';
      continue;
    }
    if (c === '{') depth++;
    if (c === '}') {
      depth--;
      const t = templates[templates.length - 1];
      if (t && t.depth === depth) {
        templates.pop();
        i++;
        readTemplate(t);
        continue;
      }
    }
    if (/\s/.test(c)) {
      code += c;
      i++;
      continue;
    }
    if (/[\w$]/.test(c)) {
      let w = '';
      while (i < src.length && /[\w$]/.test(src[i] as string)) w += src[i++];
      code += w;
      lastWord = w;
      lastSignificant = 'w';
      continue;
    }
    code += c;
    lastSignificant = c;
    lastWord = '';
    i++;
  }
  return { literals, code };
}

/** Places where a presenter file holds SQL, as `path:line: text`. */
export function sqlInPresenters(root: string): string[] {
  const found: string[] = [];
  for (const dir of PRESENTERS)
    for (const file of walk(join(root, dir), [])) {
      const rel = relative(root, file);
      const { literals, code } = scan(readFileSync(file, 'utf8'));
      for (const l of literals)
        if (SQL_SHAPES.some((re) => re.test(l.text)))
          found.push(`${rel}:${l.line}: ${l.text.replace(/\s+/g, ' ').slice(0, 100)}`);
      // A statement prepared on the driver, or SQL text imported from the case layer's statements.
      code.split('\n').forEach((text, k) => {
        if (/\.prepare\s*\(/.test(text)) found.push(`${rel}:${k + 1}: prepares a statement`);
      });
      for (const l of literals)
        if (/\/case\/sql\//.test(l.text)) found.push(`${rel}:${l.line}: imports SQL text (${l.text})`);
    }
  return found;
}

test('the scanner finds SQL in literals and templates, not in comments, prose or regular expressions', () => {
  // Source text given to the scanner: the `${…}` in these strings are its template substitutions.
  const src = [
    '// SELECT count(*) FROM items (a comment)',
    '/* INSERT INTO t VALUES (1) */',
    "const help = 'select a case, then update the report';",
    'const re = /SELECT x FROM/;',
    "const a = 'SELECT count(*) AS n FROM flags';",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source text, scanned
    'const b = `SELECT ${cols} FROM t WHERE x = ${`DELETE FROM y`}`;',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source text, scanned
    'const c = `first ${1}` + "INSERT OR REPLACE INTO meta(key) VALUES (?)";',
    "const d = 'UPDATE people SET x = 1';",
  ].join('\n');
  const hits = scan(src)
    .literals.filter((l) => SQL_SHAPES.some((re) => re.test(l.text)))
    .map((l) => l.line);
  assert.deepEqual(hits, [5, 6, 6, 7, 8]);
});

test('src/cli, src/web and src/report hold no SQL: they call the areas that own the data', () => {
  const found = sqlInPresenters(ROOT);
  assert.equal(
    found.length,
    0,
    `SQL in presenters (move it to the area that owns the data):\n${found.join('\n')}`,
  );
});
