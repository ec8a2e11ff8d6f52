import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_CASE_DIR, Store } from '../store/store.js';
import { UserError } from './errors.js';

/** Adds the options every case command takes. */
export function caseOptions(cmd: Command): Command {
  return cmd.option('--case <dir>', 'case directory', process.env.LEAKLENS_CASE || DEFAULT_CASE_DIR);
}

/** Opens an existing case or explains how to make one. */
export function openCase(dir: string, opts: { create?: boolean; readonly?: boolean } = {}): Store {
  const path = resolve(dir);
  if (!opts.create && !existsSync(join(path, 'case.sqlite'))) {
    throw new UserError(
      `no case at ${path}: run "leaklens ingest PATH --case ${dir}" (or "leaklens demo") first`,
    );
  }
  return Store.open(path, { readonly: opts.readonly });
}
