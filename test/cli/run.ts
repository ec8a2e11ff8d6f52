import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { writeXlsx } from '../../src/demo/docs/ooxml.js';
import { writeZip } from '../archives/zip-writer.js';

const ROOT = join(import.meta.dirname, '../..');

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI in-process (main(), as bin/leaklens.js does) and captures what it writes. */
export async function runCli(...args: string[]): Promise<CliResult> {
  let out = '';
  let err = '';
  const o = process.stdout.write.bind(process.stdout);
  const e = process.stderr.write.bind(process.stderr);
  // The test runner talks to its parent through stdout in binary frames: pass those through.
  process.stdout.write = ((s: string | Uint8Array, ...rest: never[]) => {
    if (typeof s !== 'string') return o(s, ...rest);
    out += s;
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array, ...rest: never[]) => {
    if (typeof s !== 'string') return e(s, ...rest);
    err += s;
    return true;
  }) as typeof process.stderr.write;
  // main() reads process.exitCode (set by commands such as meta); the test runner sets it too
  // when a test fails, so clear it for this run and put it back afterwards.
  const exitCode = process.exitCode;
  process.exitCode = undefined;
  try {
    return { code: await main(['node', 'leaklens', ...args]), out, err };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
    process.exitCode = exitCode;
  }
}

/** Runs the real CLI in a child process (bin/leaklens.js), from `cwd`. */
export function spawnCli(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string> } = {},
): CliResult {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/leaklens.js'), ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, ...opts.env },
    encoding: 'utf8',
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

const msg = (n: number, box: string, extra: string[] = []) =>
  [
    `From: Sender ${n} <s${n}@org.example>`,
    `To: ${box}@org.example`,
    `Subject: Message ${n} du budget`,
    `Date: Mon, 0${n} May 2017 10:00:00 +0000`,
    `Message-ID: <m${n}@org.example>`,
    ...extra,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Bonjour, voici le message ${n}. Montant 1 200 EUR.`,
    '',
  ].join('\r\n');

/**
 * A dump shaped like the demo's: one Maildir (alice), one mbox (bob.mbox), one zip of .eml files
 * (carol.zip): 3 mailboxes, 5 e-mails, and one Excel workbook beside them (docs/budget.xlsx).
 * Message 1 has folded headers (RFC 5322 §2.2.3).
 */
export function writeSmallDump(dir: string): void {
  mkdirSync(join(dir, 'docs'), { recursive: true });
  const meta = {
    title: 'Budget',
    author: 'Alice',
    lastModifiedBy: 'Alice',
    created: Date.UTC(2017, 3, 1),
    modified: Date.UTC(2017, 3, 2),
    offsetMin: 120,
    application: 'Microsoft Excel',
    appVersion: '16.0000',
    company: 'Org',
    language: 'fr-FR',
    totalEditingMinutes: 10,
    revision: 2,
    savedPath: '',
  };
  writeFileSync(join(dir, 'docs', 'budget.xlsx'), writeXlsx(meta, [['total', 1200]]));
  const md = join(dir, 'maildir', 'alice');
  for (const d of ['cur', 'new', 'tmp']) mkdirSync(join(md, d), { recursive: true });
  writeFileSync(
    join(md, 'cur', '1.eml'),
    msg(1, 'alice', ['X-Folded: first part\r\n\tsecond part', 'Thread-Topic: budget\r\n  continued']),
  );
  const mbox = [2, 3].map(
    (n) => `From MAILER-DAEMON Mon May  1 10:00:00 2017\n${msg(n, 'bob').replace(/\r\n/g, '\n')}\n`,
  );
  writeFileSync(join(dir, 'bob.mbox'), mbox.join(''));
  writeFileSync(
    join(dir, 'carol.zip'),
    writeZip([4, 5].map((n) => ({ name: `inbox/${n}.eml`, data: Buffer.from(msg(n, 'carol')) }))),
  );
}
