// The exit codes of `vigil report` and `vigil check`, which scripts and CI read.

export const EXIT_OK = 0;
export const EXIT_CHECK_FAILED = 1;
/** Bad input or usage: one line on stderr names the file, row and column, or the flag, at fault. */
export const EXIT_BAD_INPUT = 2;
