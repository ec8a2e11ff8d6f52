/**
 * Errors the user can act on (a bad value, a missing case, an id that matches nothing), told apart
 * from bugs by their class and sorted by a code, never by the wording of their message. Library code
 * throws them; each presenter (the CLI, the workbench) decides how to show a code: the CLI maps it
 * to an exit status and, for some codes, a hint (src/cli/errors.ts).
 */
export type UserErrorCode =
  /** A value, option or query the user typed cannot be read or is out of range. */
  | 'invalid-input'
  /** No case (or no social data) where the user pointed. */
  | 'no-case'
  /** An id, file or name that matches nothing. */
  | 'not-found'
  /** An id prefix that matches more than one item. */
  | 'ambiguous'
  /** The command ran but found nothing to import or add: the user should know it did nothing. */
  | 'nothing-done'
  /** The environment is not as the command needs (a browser path, a port). */
  | 'environment';

/**
 * @example throw new UserError(`--limit ${v}: not a whole number of 0 or more`, 'invalid-input')
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly code: UserErrorCode = 'invalid-input',
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** True for a UserError of this code (or of any code when none is given). */
export function isUserError(err: unknown, code?: UserErrorCode): err is UserError {
  return err instanceof UserError && (code === undefined || err.code === code);
}
