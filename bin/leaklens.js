#!/usr/bin/env node
// Entry point: run the compiled CLI from dist/. In a source checkout where dist/ is missing or
// older than the TypeScript sources, run the sources through tsx (a dev dependency) instead, so a
// stale build is never what answers.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist/cli/main.js');
const src = join(root, 'src');

function newestMtime(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

const useDist = existsSync(dist) && (!existsSync(src) || statSync(dist).mtimeMs >= newestMtime(src));
if (useDist) {
  await import(pathToFileURL(dist).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(src, 'cli/main.ts')).href);
}
