// Where a loader reads: a file on disk, or bytes already in memory (an HTTP body). Errors name a
// file by its path and bytes by the name the caller gave them ("the CSV body").

/** Bytes to load, and what error messages call them. */
export interface BytesSource {
  readonly bytes: Uint8Array;
  readonly name: string;
}

/** A file path, or bytes with a name. */
export type DataSource = string | BytesSource;

/** What errors and the loaded table's `source` call this source. */
export function sourceName(source: DataSource): string {
  return typeof source === 'string' ? source : source.name;
}
