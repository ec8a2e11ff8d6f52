import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers.js';

// OCR must run with no network at all: tesseract.js fetches models from a CDN unless told
// otherwise. A child process (and its worker threads, which inherit --require) refuses and logs
// every fetch, socket and DNS lookup; the only one logged must be the child's own control request.
test('OCR reads a picture with every network call refused, and makes none', (t) => {
  const log = join(tempDir(t), 'network.log');
  const here = fileURLToPath(new URL('.', import.meta.url));
  const r = spawnSync(
    process.execPath,
    ['--require', join(here, 'no-network.cjs'), '--import', 'tsx', join(here, 'offline-child.ts')],
    { env: { ...process.env, NO_NETWORK_LOG: log }, encoding: 'utf8', timeout: 300_000 },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Hors ligne Quimperl/);
  const lines = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
  assert.equal(lines.length, 1, `only the control request may be logged: ${lines.join('; ')}`);
  // Logged from a worker thread (id > 0): the guard covers the threads OCR runs in.
  assert.match(lines[0] ?? '', /^[1-9]\d* fetch http:\/\/192\.0\.2\.1\/control$/);
});
