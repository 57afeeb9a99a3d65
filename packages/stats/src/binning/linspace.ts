// NumPy's `linspace(start, stop, num)` arithmetic, step by step, so histogram edges match NumPy bit for bit.

/** `np.linspace(start, stop, num, endpoint=True)` (NumPy 1.24): i·step + start, last value = stop exactly. */
export function linspace(start: number, stop: number, num: number): Float64Array {
  const out = new Float64Array(num);
  const div = num - 1;
  const delta = stop - start;
  if (div > 0) {
    const step = delta / div;
    // NumPy falls back to (i/div)·delta when the step underflows to zero.
    if (step === 0) for (let i = 0; i < num; i++) out[i] = (i / div) * delta + start;
    else for (let i = 0; i < num; i++) out[i] = i * step + start;
    out[num - 1] = stop;
  } else if (num === 1) {
    out[0] = start;
  }
  return out;
}
