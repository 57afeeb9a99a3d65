// Money as integer nano-dollars (BigInt), as Helicone stores costs (× 10⁹): sums of many small
// costs stay exact, and an allocation split into parts adds up to its whole to the last nano-dollar.

/** Nano-dollars in one dollar. */
export const NANOS_PER_USD = 1_000_000_000n;

/**
 * A USD amount in nano-dollars, rounded half away from zero at the ninth decimal. Read through the
 * number's decimal form (`toFixed(9)`), so 0.1 is 100 000 000 nano-dollars, not 100 000 000.0000000055.
 */
export function usdToNanos(usd: number): bigint {
  if (!Number.isFinite(usd)) throw new RangeError(`not a finite amount: ${usd}`);
  // From 10²¹ on toFixed writes exponents; a double that large is a whole number anyway.
  if (Math.abs(usd) >= 1e21) return BigInt(usd) * NANOS_PER_USD;
  const negative = usd < 0;
  const [whole, fraction = ''] = Math.abs(usd).toFixed(9).split('.');
  const nanos = BigInt(whole!) * NANOS_PER_USD + BigInt(fraction.padEnd(9, '0'));
  return negative ? -nanos : nanos;
}

/** Nano-dollars as a USD number (exact to the nano-dollar below 2⁵³ nano-dollars, about nine million dollars). */
export function nanosToUsd(nanos: bigint): number {
  const whole = nanos / NANOS_PER_USD;
  const rest = nanos % NANOS_PER_USD;
  return Number(whole) + Number(rest) / 1e9;
}

/** `a × b / c` rounded half to even: the one rounding of an exact rational (c > 0). */
export function mulDivRound(a: bigint, b: bigint, c: bigint): bigint {
  if (c <= 0n) throw new RangeError('the divisor must be positive');
  const n = a * b;
  const q = n / c;
  const r = n - q * c;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice < c) return q;
  const away = n < 0n ? q - 1n : q + 1n;
  if (twice > c) return away;
  return q % 2n === 0n ? q : away;
}

/** `a × b / c` rounded down (toward −∞), for c > 0. */
export function mulDivFloor(a: bigint, b: bigint, c: bigint): bigint {
  if (c <= 0n) throw new RangeError('the divisor must be positive');
  const n = a * b;
  const q = n / c;
  return n < 0n && q * c !== n ? q - 1n : q;
}
