// Money on the cost page: dollars with cents, and more digits below a cent (a prediction's cost).

export function formatUsd(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '—';
  if (v !== 0 && Math.abs(v) < 0.01) return `$${Number(v.toPrecision(3))}`;
  return `$${v.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
