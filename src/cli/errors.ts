/**
 * An error the user can act on: printed as one clear line (naming the file and the reason), never
 * as a stack trace. Anything else that escapes is a bug and is printed with a hint to report it.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
