// How pandas' `read_csv` reads one text cell with default options: its missing-value markers, its
// number syntax and its boolean spellings, so a column gets the dtype pandas would give it.

/** pandas' default `na_values` (pandas 2.x `STR_NA_VALUES`, plus the empty string). */
export const PANDAS_NA_VALUES: ReadonlySet<string> = new Set([
  '',
  '#N/A',
  '#N/A N/A',
  '#NA',
  '-1.#IND',
  '-1.#QNAN',
  '-NaN',
  '-nan',
  '1.#IND',
  '1.#QNAN',
  '<NA>',
  'N/A',
  'NA',
  'NULL',
  'NaN',
  'None',
  'n/a',
  'nan',
  'null',
]);

export const PANDAS_TRUE_VALUES: ReadonlySet<string> = new Set(['True', 'TRUE', 'true']);
export const PANDAS_FALSE_VALUES: ReadonlySet<string> = new Set(['False', 'FALSE', 'false']);

// Decimal numbers with optional exponent, and the infinities pandas' C parser accepts. Hex, thousands
// separators and `1_000` are text to pandas, though JavaScript's Number() would take some of them.
const NUMBER = /^\s*[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|inf|infinity)\s*$/i;
const INTEGER = /^\s*[+-]?\d+\s*$/;

/** The number a cell holds as pandas would parse it, or undefined when it is not a number. */
export function parseNumberCell(text: string): number | undefined {
  if (!NUMBER.test(text)) return undefined;
  const trimmed = text.trim().toLowerCase();
  if (trimmed.endsWith('inf') || trimmed.endsWith('infinity')) return trimmed.startsWith('-') ? -Infinity : Infinity;
  return Number(trimmed);
}

/** Whether the cell is written as an integer (pandas keeps such a column int64 when nothing is missing). */
export function isIntegerCell(text: string): boolean {
  return INTEGER.test(text);
}
