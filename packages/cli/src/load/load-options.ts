// Options every loader takes.

export interface LoadOptions {
  /** Called as bytes are read, for a progress bar; `totalBytes` is the file size. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /**
   * Keep numeric columns in SharedArrayBuffers (default false), so a table loaded on a worker
   * thread reaches other threads without copies. Loaders that cannot ignore it.
   */
  sharedMemory?: boolean;
}
