// Options every loader takes.

export interface LoadOptions {
  /** Called as the source is read, for a progress bar: bytes of `totalBytes` (the file's or the bytes' length; rows of all rows for Parquet). */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /**
   * Keep numeric columns in SharedArrayBuffers (default false), so a table loaded on a worker
   * thread reaches other threads without copies. Loaders that cannot ignore it.
   */
  sharedMemory?: boolean;
  /**
   * CSV only: the field delimiter, one ASCII character other than a quote or a line end. Without
   * it, the loader detects it from the first lines (`detectDelimiter`: `,` `;` tab or `|`).
   */
  delimiter?: string;
  /**
   * Refuse a source of more data rows than this with a `TableTooLargeError`: Parquet before decoding
   * anything (its metadata holds the row count), CSV and NDJSON as soon as the row after the limit is read.
   */
  maxRows?: number;
  /**
   * Parquet only: refuse a file whose decoded columns would take more bytes than this (estimated from
   * its metadata, before decoding: 8 bytes a cell, or the pages' uncompressed size when larger).
   */
  maxDecodedBytes?: number;
}
