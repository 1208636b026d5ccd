// The CLI's exit codes (README "Exit codes" lists each with the test that checks it).

/** Success; an empty `changes` or `stories` answer is success too. */
export const EXIT_OK = 0;
/** Any other error (message on stderr). */
export const EXIT_ERROR = 1;
/** A usage error: an unknown option or command, a missing argument, an invalid parameter value. */
export const EXIT_USAGE = 2;
/** The story or version named does not exist. */
export const EXIT_NOT_FOUND = 3;
/** `verify` found a version that does not verify. */
export const EXIT_VERIFICATION_FAILED = 4;
/** `upload`: the revision was recorded as `rejected` (code and reason printed). */
export const EXIT_REJECTED = 5;

/** The command line asks for something impossible; exits with EXIT_USAGE. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
