// One evaluated check as the outputs show it (stdout table, Markdown, JUnit).

export interface CheckRow {
  /** The check as written (`drift.share lt 0.3`). */
  check: string;
  /** The metric's value, formatted. */
  actual: string;
  passed: boolean;
  /** Why it failed, in words. */
  message?: string;
}
