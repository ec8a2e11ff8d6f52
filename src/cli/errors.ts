import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { UserError, UserErrorCode } from '../core/errors.js';

export { UserError, type UserErrorCode } from '../core/errors.js';

/**
 * Exit statuses by code: 2 for what the user typed or pointed at (as commander does for usage
 * errors), 1 when the command ran but did nothing (as grep does when nothing matches), so a script
 * can tell "I asked wrongly" from "there was nothing there".
 */
export const EXIT_STATUS: Record<UserErrorCode, number> = {
  'invalid-input': 2,
  'no-case': 2,
  'not-found': 2,
  ambiguous: 2,
  'nothing-done': 1,
  environment: 2,
};

/** Where `leaklens demo` puts its case by default (see commands/demo.ts). */
const DEMO_CASES = ['leaklens-demo/case'];

/** The message the CLI prints for a user error: the library's sentence plus a hint for some codes. */
export function userMessage(err: UserError, cwd = process.cwd()): string {
  if (err.code !== 'no-case') return err.message;
  // After `leaklens demo`, ./leaklens-case does not exist but ./leaklens-demo/case does: say so,
  // but only for the default case: a case the user named with --case is not the demo's.
  if (!/\bleaklens-case\b/.test(err.message)) return err.message;
  const demo = DEMO_CASES.map((d) => resolve(cwd, d)).find((d) => existsSync(join(d, 'case.sqlite')));
  if (!demo || err.message.includes(demo)) return err.message;
  return `${err.message}\n(leaklens demo made a case at ./${relative(cwd, demo)}: add --case ./${relative(cwd, demo)} to use it)`;
}

export function exitStatus(err: UserError): number {
  return EXIT_STATUS[err.code] ?? 2;
}
