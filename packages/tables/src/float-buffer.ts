// A growable Float64Array, so numeric columns stream in without boxing every value; it can live in
// shared memory, so a column loaded on one thread reaches the others without a copy.

export interface FloatBufferOptions {
  /** Room for this many values before the first growth (default 1024). */
  initialCapacity?: number;
  /** Back the values with a SharedArrayBuffer (posting it to a worker then copies nothing). */
  shared?: boolean;
}

export class FloatBuffer {
  private data: Float64Array;
  private readonly shared: boolean;
  length = 0;

  constructor(options: FloatBufferOptions = {}) {
    this.shared = options.shared ?? false;
    this.data = this.allocate(Math.max(1, options.initialCapacity ?? 1024));
  }

  private allocate(capacity: number): Float64Array {
    return this.shared ? new Float64Array(new SharedArrayBuffer(capacity * 8)) : new Float64Array(capacity);
  }

  /** Grows the room to at least `capacity` values now, so pushes up to it never copy. */
  reserve(capacity: number): void {
    if (capacity <= this.data.length) return;
    const grown = this.allocate(capacity);
    grown.set(this.data.subarray(0, this.length));
    this.data = grown;
  }

  /**
   * The backing array, with room for `extra` more values after `length`: a caller may write them
   * at `length …` directly and then advance `length` (a buffer's fast path, with no check per value).
   */
  room(extra: number): Float64Array {
    const needed = this.length + extra;
    if (needed > this.data.length) this.reserve(Math.max(needed, this.data.length * 2));
    return this.data;
  }

  push(value: number): void {
    if (this.length === this.data.length) this.reserve(this.data.length * 2);
    this.data[this.length++] = value;
  }

  /** Drops the last value (a record read only in part is taken back). */
  pop(): void {
    if (this.length > 0) this.length--;
  }

  get(index: number): number {
    return this.data[index] ?? Number.NaN;
  }

  /**
   * The values as an exactly sized array: a view of the buffer when little room is left over (no
   * copy), else a copy (in shared memory when the buffer is shared), so spare room is not kept alive.
   */
  finish(): Float64Array {
    const n = this.length;
    if (n === this.data.length || this.data.length - n <= n / 8) return this.data.subarray(0, n);
    const out = this.allocate(n);
    out.set(this.data.subarray(0, n));
    return out;
  }
}
