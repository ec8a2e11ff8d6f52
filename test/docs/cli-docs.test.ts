import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

test('docs/cli.md is the real --help output of every command (regenerate with scripts/gen-cli-docs.mjs)', () => {
  const env = { ...process.env };
  delete env.LEAKLENS_CASE;
  const r = spawnSync(process.execPath, ['scripts/gen-cli-docs.mjs', '--check'], {
    cwd: ROOT,
    encoding: 'utf8',
    env,
  });
  assert.equal(r.status, 0, r.stderr);
});

test('every command file is documented and every docs page the README links to exists', () => {
  const cli = readFileSync(`${ROOT}docs/cli.md`, 'utf8');
  for (const f of readdirSync(`${ROOT}src/cli/commands`).filter(
    (x) => x.endsWith('.ts') && !x.endsWith('.test.ts'),
  )) {
    assert.ok(cli.includes(`## leaklens ${f.replace(/\.ts$/, '')}`), `docs/cli.md lacks ${f}`);
  }
  const readme = readFileSync(`${ROOT}README.md`, 'utf8');
  for (const m of readme.matchAll(/\]\((docs\/[^)]+)\)/g)) {
    assert.ok(readdirSync(`${ROOT}docs`).includes(m[1]!.slice(5)), `README links to missing ${m[1]}`);
  }
});
