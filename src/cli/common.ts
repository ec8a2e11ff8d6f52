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
      'no-case',
    );
  }
  return Store.open(path, { readonly: opts.readonly });
}

/**
 * A commander parser for a count option (`--limit`, `--offset`): a whole number of at least `min`,
 * or a one-line user error naming the option, never a silent default or a negative page.
 * @example .option('--limit <n>', 'rows', wholeNumber('--limit', 1), 20)
 */
export function wholeNumber(flag: string, min = 0): (v: string) => number {
  return (v: string) => {
    const n = Number(v);
    if (!/^\s*\d+\s*$/.test(v) || !Number.isSafeInteger(n) || n < min)
      throw new UserError(
        `${flag} ${v}: not a whole number${min > 0 ? ` of at least ${min}` : ' of 0 or more'}`,
      );
    return n;
  };
}

/** A commander parser that accepts one of `choices` or says which ones there are. */
export function oneOf<T extends string>(flag: string, choices: readonly T[]): (v: string) => T {
  return (v: string) => {
    if (!(choices as readonly string[]).includes(v))
      throw new UserError(`${flag} ${v}: must be one of ${choices.join(', ')}`);
    return v as T;
  };
}
