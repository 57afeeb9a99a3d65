// Numbers in alert texts, as a person reads them: 0.10454124222453282 → "0.105". Prometheus'
// `humanize` writes SI prefixes ("104.5m"), which suits bytes and rates but not shares and scores,
// so Vigil's own texts (and the `readable` template function) use this instead.

/**
 * A number rounded for people: integers as they are; from 100 on, to a whole number (1234.56 →
 * "1235"); below 100, three significant digits (0.10454 → "0.105", 12.345 → "12.3"); below 0.001
 * and from 1e15 on, three significant digits with an exponent ("1.23e-5"). Never a trailing zero
 * ("1", not "1.00"); non-finite values as Go prints them ("NaN", "+Inf", "-Inf").
 */
export function readableNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs >= 1e15 || abs < 1e-3) {
    const [mantissa, exponent] = v.toExponential(2).split('e') as [string, string];
    return `${stripZeros(mantissa)}e${exponent}`;
  }
  if (Number.isInteger(v)) return String(v);
  if (abs >= 100) return String(Math.sign(v) * Math.round(abs));
  return stripZeros(v.toPrecision(3));
}

function stripZeros(digits: string): string {
  return digits.includes('.') ? digits.replace(/\.?0+$/, '') : digits;
}
