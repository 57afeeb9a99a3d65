// Which character separates a CSV file's fields, decided from its first lines as pandas' `sep=None`
// (Python's `csv.Sniffer`) decides it: the candidate that splits the header and the lines after it
// into the same number of fields.

import { StatsError } from '@vigil/stats';

/** The delimiters detection chooses among, in the order it prefers them when several fit. */
export const CSV_DELIMITERS: readonly string[] = [',', ';', '\t', '|'];

/** Bytes from the start of a source that detection reads. */
export const SNIFF_BYTES = 64 * 1024;

/** Most lines detection compares (after the header). */
const SNIFF_LINES = 100;

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * The delimiter of CSV text starting with `bytes` (`complete`: these are all of it, so the last line
 * counts even without a line end). A candidate fits when the header holds it and every following
 * line (outside quotes, blank lines aside) holds it as often; the first fitting one in
 * `CSV_DELIMITERS` order wins. When none fits (a ragged file), the one the header holds most often,
 * so the loader's error names the row at fault; a comma when the header holds none (one column).
 */
export function detectDelimiter(bytes: Uint8Array, complete: boolean): string {
  const codes = CSV_DELIMITERS.map((d) => d.charCodeAt(0));
  const lines: number[][] = [];
  let counts = codes.map(() => 0);
  let blank = true;
  let quoted = false;
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (let i = start; i < bytes.length && lines.length <= SNIFF_LINES; i++) {
    const c = bytes[i] as number;
    if (c === QUOTE) {
      quoted = !quoted;
      blank = false;
    } else if (quoted) continue;
    else if (c === LF || c === CR) {
      if (!blank) lines.push(counts);
      counts = codes.map(() => 0);
      blank = true;
    } else {
      blank = false;
      const k = codes.indexOf(c);
      if (k >= 0) counts[k] = (counts[k] as number) + 1;
    }
  }
  if (complete && !blank && lines.length <= SNIFF_LINES) lines.push(counts);
  const header = lines[0];
  if (header === undefined) return ',';
  const fits = codes.findIndex((_, k) => (header[k] as number) > 0 && lines.every((line) => line[k] === header[k]));
  if (fits >= 0) return CSV_DELIMITERS[fits] as string;
  let most = 0;
  for (let k = 1; k < codes.length; k++) if ((header[k] as number) > (header[most] as number)) most = k;
  return CSV_DELIMITERS[most] as string;
}

/** Whether the CSV loaders take `delimiter`: one ASCII character that is not a quote or a line end. */
export function isCsvDelimiter(delimiter: string): boolean {
  const code = delimiter.charCodeAt(0);
  return delimiter.length === 1 && code <= 0x7f && code !== QUOTE && code !== LF && code !== CR;
}

/** Throws on a delimiter the loaders do not take (a caller's mistake, not the data's). */
export function checkDelimiter(delimiter: string): void {
  if (!isCsvDelimiter(delimiter)) {
    const expected = 'one ASCII character other than a quote or a line end';
    throw new StatsError('INVALID_ARGUMENT', 'delimiter', expected, `delimiter: expected ${expected}, got ${JSON.stringify(delimiter)}`);
  }
}
