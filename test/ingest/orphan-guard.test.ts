import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const GUARD = fileURLToPath(new URL('../../src/ingest/orphan-guard.ts', import.meta.url));

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    // A zombie still answers kill(0); its state in /proc says it is dead.
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
};

test('a parser process stuck in a synchronous loop dies when the ingest that forked it is SIGKILLed', {
  skip: process.platform !== 'linux' ? 'reads /proc to find the processes' : false,
}, async () => {
  // parent: forks the "parser" (guard + endless synchronous loop, as on a hostile file), prints its
  // pid, then waits to be killed. The loop never yields, so only the guard's thread can end it.
  const parser = `import(${JSON.stringify(GUARD)}).then((m) => { m.guardOrphan(); process.send('go'); for (;;) {} });`;
  const parent = `
    const { spawn } = require('node:child_process');
    const c = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', ${JSON.stringify(parser)}], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    c.on('message', () => console.log(c.pid));
    setInterval(() => {}, 1000);`;
  const p = spawn(process.execPath, ['-e', parent], { stdio: ['ignore', 'pipe', 'inherit'] });
  const pid = await new Promise<number>((res) => p.stdout.once('data', (d) => res(Number(String(d).trim()))));
  assert.ok(alive(pid), 'the parser runs');
  p.kill('SIGKILL');
  const t0 = Date.now();
  while (alive(pid) && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 100));
  const left = alive(pid);
  if (left) process.kill(pid, 'SIGKILL');
  assert.equal(left, false, 'the orphaned parser ended itself');
});
