#!/usr/bin/env node
// Writes docs/cli.md from the real --help output of every command, so the reference cannot go
// stale: test/docs/cli-docs.test.ts fails when docs/cli.md differs from what this prints.
// Usage: node scripts/gen-cli-docs.mjs [--check]
import { readFileSync, writeFileSync } from 'node:fs';

const { register } = await import('tsx/esm/api');
register();
const { buildProgram } = await import('../src/cli/main.ts');

export async function renderCliDocs() {
  const program = await buildProgram();
  program.configureOutput({ getOutHelpWidth: () => 100, getErrHelpWidth: () => 100 });
  const parts = [
    '# Command-line reference',
    '',
    'Generated from `leaklens <command> --help` by `node scripts/gen-cli-docs.mjs`; a test fails when this',
    'file and the program disagree. Every command that reports takes `--json`; every command that reads a',
    'case takes `--case DIR` (default `./leaklens-case`, or the `LEAKLENS_CASE` environment variable).',
    'A mistake of the user (a value that cannot be read, no case, an unknown or ambiguous id) is one line',
    'on stderr and exit status 2; a command that did nothing (an ingest of an empty folder, `keys add` of',
    'a file without a key, `campaign import` that read no post) exits with 1. Item ids may be shortened',
    'to a unique prefix; an ambiguous one lists its candidates. Text output writes times as',
    '`2017-05-05 18:49 UTC`; JSON keeps ISO 8601. Tables wrap long cells at spaces.',
    '',
    '```text',
    program.helpInformation().trimEnd(),
    '```',
  ];
  const walk = (cmd, prefix) => {
    for (const sub of [...cmd.commands].sort((a, b) => a.name().localeCompare(b.name()))) {
      const name = `${prefix} ${sub.name()}`.trim();
      parts.push('', `## leaklens ${name}`, '', '```text', sub.helpInformation().trimEnd(), '```');
      walk(sub, name);
    }
  };
  walk(program, '');
  return `${parts.join('\n')}\n`;
}

const text = await renderCliDocs();
if (process.argv.includes('--check')) {
  const current = readFileSync(new URL('../docs/cli.md', import.meta.url), 'utf8');
  if (current !== text) {
    console.error('docs/cli.md is out of date: run node scripts/gen-cli-docs.mjs');
    process.exit(1);
  }
} else {
  writeFileSync(new URL('../docs/cli.md', import.meta.url), text);
}
