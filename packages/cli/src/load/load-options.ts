// Options every loader takes.

export interface LoadOptions {
  /** Called as bytes are read, for a progress bar; `totalBytes` is the file size. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}
