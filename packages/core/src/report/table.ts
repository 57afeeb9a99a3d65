// The columnar table every batch evaluator reads: what a file loader hands to the report. Columns
// of numbers are Float64Arrays (NaN = missing); anything else is an array of cells.

/** One cell of a non-numeric column: null is a missing value. */
export type Cell = string | number | boolean | null;

/** A column as loaded: numbers in a Float64Array (NaN = missing), or cells of any JSON type. */
export interface TableColumn {
  readonly name: string;
  readonly values: Float64Array | readonly Cell[];
  /**
   * The same cells as codes into their distinct values, when the loader kept them so: readers that
   * only count values (type inference, categorical drift) count codes and never decode `values`.
   */
  readonly encoded?: EncodedCells;
}

/** Cells as codes: cell i is `dictionary[codes[i]]`; each dictionary entry is a distinct cell. */
export interface EncodedCells {
  readonly codes: Int32Array;
  readonly dictionary: readonly Cell[];
}

/** How many rows hold each dictionary entry. */
export function codeCounts({ codes, dictionary }: EncodedCells): Float64Array {
  const counts = new Float64Array(dictionary.length);
  for (let i = 0; i < codes.length; i++) counts[codes[i] as number] = (counts[codes[i] as number] as number) + 1;
  return counts;
}

/** A data set in columns, all of `rowCount` length, in file order. */
export interface Table {
  readonly rowCount: number;
  readonly columns: readonly TableColumn[];
  /** Where it came from (a file path), for error messages. */
  readonly source?: string;
}

/** The types Vigil distinguishes, as Evidently does. */
export type ColumnType = 'numerical' | 'categorical' | 'text' | 'datetime' | 'boolean';
