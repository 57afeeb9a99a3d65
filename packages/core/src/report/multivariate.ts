// Multivariate drift by PCA reconstruction error (NannyML's DataReconstructionDriftCalculator):
// a change in how features move together shows as a larger error when current data is rebuilt.

import { symmetricEigen } from '@vigil/stats';
import { inferColumnTypes } from './column-types.js';
import { domainClassifierDrift } from './domain-classifier.js';
import { DriftMethodError } from './drift-errors.js';
import { requireColumn } from './preset-columns.js';
import type { ColumnMapping, MultivariateSection, ReconstructionChunk } from './report-model.js';
import type { Cell, ColumnType, Table, TableColumn } from './table.js';

export interface MultivariateDriftOptions {
  mapping?: ColumnMapping;
  /** Column types; default `inferColumnTypes(reference, mapping, current)`. */
  columnTypes?: Record<string, ColumnType>;
  /** Features to use (default every numerical, categorical and boolean feature). */
  columns?: readonly string[];
  /** Chunks per data set (default 10, NannyML's default chunker); ignored when `chunkSize` is set. */
  chunkCount?: number;
  /** Rows per chunk; the last chunk takes the remainder. */
  chunkSize?: number;
  /** Share of the reference's variance the kept components explain (default 0.65, NannyML's). */
  varianceKept?: number;
  /** Also train a domain classifier on the same columns (default true). */
  domainClassifier?: boolean;
}

// Rows as encoded numbers: numerical values with NaN/±inf imputed by the reference mean;
// categories as their reference frequency (NannyML's CountEncoder(normalize=True)), missing ones
// imputed by the reference's most frequent category, unseen ones 0.
interface Encoder {
  encode(table: Table, column: TableColumn): Float64Array;
}

function cellKey(c: Cell | number): string | null {
  if (c === null || (typeof c === 'number' && !Number.isFinite(c))) return null;
  return typeof c === 'string' ? `s:${c}` : `${typeof c}:${String(c)}`;
}

function numericEncoder(table: Table, column: TableColumn): Encoder {
  const read = (t: Table, col: TableColumn): Float64Array => {
    const v = col.values;
    if (v instanceof Float64Array) return v;
    return Float64Array.from(v, (c, i) => {
      if (c === null) return Number.NaN;
      if (typeof c === 'number') return c;
      if (typeof c === 'boolean') return c ? 1 : 0;
      const x = c.trim() === '' ? Number.NaN : Number(c);
      if (Number.isNaN(x)) throw new DriftMethodError(col.name, 'pca-reconstruction', `a number in ${t.source ?? 'the table'} row ${i}`, c);
      return x;
    });
  };
  const ref = read(table, column);
  let sum = 0;
  let n = 0;
  for (const x of ref) {
    if (Number.isFinite(x)) {
      sum += x;
      n++;
    }
  }
  if (n === 0) throw new DriftMethodError(column.name, 'pca-reconstruction', 'at least one finite reference value', 'none');
  const fill = sum / n;
  return {
    encode(t, col) {
      const v = read(t, col);
      const out = new Float64Array(v.length);
      for (let i = 0; i < v.length; i++) out[i] = Number.isFinite(v[i] as number) ? (v[i] as number) : fill;
      return out;
    },
  };
}

function categoricalEncoder(column: TableColumn): Encoder {
  const counts = new Map<string, number>();
  const v = column.values;
  let missing = 0;
  for (let i = 0; i < v.length; i++) {
    const k = cellKey(v[i] as Cell);
    if (k === null) missing++;
    else counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  let mode: string | null = null;
  let best = -1;
  for (const [k, c] of counts) {
    if (c > best) {
      best = c;
      mode = k;
    }
  }
  if (mode !== null) counts.set(mode, (counts.get(mode) ?? 0) + missing);
  const n = v.length;
  return {
    encode(_t, col) {
      const w = col.values;
      const out = new Float64Array(w.length);
      for (let i = 0; i < w.length; i++) {
        const k = cellKey(w[i] as Cell) ?? mode;
        out[i] = k === null ? 0 : (counts.get(k) ?? 0) / n;
      }
      return out;
    },
  };
}

function chunkBounds(n: number, options: MultivariateDriftOptions): [number, number][] {
  let size: number;
  if (options.chunkSize !== undefined) {
    if (!(Number.isInteger(options.chunkSize) && options.chunkSize >= 2))
      throw new DriftMethodError('*', 'pca-reconstruction', 'chunkSize an integer ≥ 2', options.chunkSize);
    size = options.chunkSize;
  } else {
    const count = options.chunkCount ?? 10;
    if (!(Number.isInteger(count) && count >= 1)) throw new DriftMethodError('*', 'pca-reconstruction', 'chunkCount an integer ≥ 1', count);
    size = Math.max(1, Math.floor(n / count));
  }
  const out: [number, number][] = [];
  for (let s = 0; s < n; s += size) out.push([s, Math.min(n, s + size)]);
  // A short remainder joins the chunk before it, so every chunk has at least `size` rows.
  if (out.length > 1 && (out[out.length - 1] as [number, number])[1] - (out[out.length - 1] as [number, number])[0] < size) {
    const last = out.pop() as [number, number];
    (out[out.length - 1] as [number, number])[1] = last[1];
  }
  return out;
}

/**
 * NannyML `DataReconstructionDriftCalculator` (n_components = 0.65): impute and encode on the
 * reference, standardise (mean, population std; a constant column keeps scale 1), fit PCA on the
 * reference's covariance keeping the fewest components whose explained share exceeds
 * `varianceKept` (scikit-learn's rule), then per chunk the mean Euclidean norm of x − x̂.
 * Thresholds are the reference chunks' mean ± 3σ (population σ), the lower one dropped below 0.
 */
export function multivariateDrift(reference: Table, current: Table, options: MultivariateDriftOptions = {}): MultivariateSection {
  const mapping = options.mapping ?? {};
  const types = options.columnTypes ?? inferColumnTypes(reference, mapping, current);
  const varianceKept = options.varianceKept ?? 0.65;
  if (!(varianceKept > 0 && varianceKept < 1)) throw new DriftMethodError('*', 'pca-reconstruction', 'varianceKept in (0, 1)', varianceKept);
  const skip = new Set(
    [mapping.target, mapping.prediction, mapping.id, mapping.timestamp, mapping.segment, ...Object.values(mapping.predictionProbabilities ?? {})].filter(
      (c): c is string => c !== undefined,
    ),
  );
  const names = (options.columns ?? reference.columns.map((c) => c.name).filter((n) => !skip.has(n))).filter((n) => {
    const t = types[n];
    return t === 'numerical' || t === 'categorical' || t === 'boolean';
  });
  const p = names.length;
  if (p < 2) throw new DriftMethodError('*', 'pca-reconstruction', 'at least two numerical or categorical columns', p);
  const nRef = reference.rowCount;
  const nCur = current.rowCount;
  if (nRef < 2) throw new DriftMethodError('*', 'pca-reconstruction', 'a reference of at least two rows', nRef);

  const refCols: Float64Array[] = [];
  const curCols: Float64Array[] = [];
  for (const name of names) {
    const rc = requireColumn(reference, name, 'multivariate');
    const cc = requireColumn(current, name, 'multivariate');
    const enc = types[name] === 'numerical' ? numericEncoder(reference, rc) : categoricalEncoder(rc);
    refCols.push(enc.encode(reference, rc));
    curCols.push(enc.encode(current, cc));
  }
  // Standardise on the reference; a constant column keeps scale 1, as StandardScaler does.
  const mean = new Float64Array(p);
  const scale = new Float64Array(p);
  refCols.forEach((col, j) => {
    let s = 0;
    for (const x of col) s += x;
    const m = s / nRef;
    let ss = 0;
    for (const x of col) ss += (x - m) * (x - m);
    const sd = Math.sqrt(ss / nRef);
    mean[j] = m;
    scale[j] = sd > 0 ? sd : 1;
  });
  const standardise = (cols: Float64Array[]): void => {
    cols.forEach((col, j) => {
      const m = mean[j] as number;
      const s = scale[j] as number;
      for (let i = 0; i < col.length; i++) col[i] = ((col[i] as number) - m) / s;
    });
  };
  standardise(refCols);
  standardise(curCols);
  // PCA centres on the standardised reference's own mean (≈ 0) and uses the sample covariance.
  const centre = new Float64Array(p);
  refCols.forEach((col, j) => {
    let s = 0;
    for (const x of col) s += x;
    centre[j] = s / nRef;
  });
  const cov = new Float64Array(p * p);
  for (let a = 0; a < p; a++) {
    const ca = refCols[a] as Float64Array;
    const ma = centre[a] as number;
    for (let b = a; b < p; b++) {
      const cb = refCols[b] as Float64Array;
      const mb = centre[b] as number;
      let s = 0;
      for (let i = 0; i < nRef; i++) s += ((ca[i] as number) - ma) * ((cb[i] as number) - mb);
      cov[a * p + b] = s / (nRef - 1);
      cov[b * p + a] = s / (nRef - 1);
    }
  }
  const { values, vectors } = symmetricEigen(cov, p);
  let total = 0;
  for (const v of values) total += Math.max(v, 0);
  // scikit-learn: searchsorted(cumulative ratio, n_components, side='right') + 1.
  let k = 0;
  let cumulative = 0;
  while (k < p) {
    cumulative += Math.max(values[k] as number, 0) / total;
    k++;
    if (cumulative > varianceKept) break;
  }
  let explained = 0;
  for (let j = 0; j < k; j++) explained += Math.max(values[j] as number, 0) / total;

  const rowErrors = (cols: Float64Array[], n: number): Float64Array => {
    const out = new Float64Array(n);
    const c = new Float64Array(p);
    const proj = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < p; j++) c[j] = ((cols[j] as Float64Array)[i] as number) - (centre[j] as number);
      for (let q = 0; q < k; q++) {
        let s = 0;
        for (let j = 0; j < p; j++) s += (vectors[j * p + q] as number) * (c[j] as number);
        proj[q] = s;
      }
      let e = 0;
      for (let j = 0; j < p; j++) {
        let r = 0;
        for (let q = 0; q < k; q++) r += (vectors[j * p + q] as number) * (proj[q] as number);
        const d = (c[j] as number) - r;
        e += d * d;
      }
      out[i] = Math.sqrt(e);
    }
    return out;
  };
  const refErrors = rowErrors(refCols, nRef);
  const curErrors = rowErrors(curCols, nCur);

  const summarise = (errors: Float64Array, start: number, end: number): { value: number; samplingError: number } => {
    const n = end - start;
    let s = 0;
    for (let i = start; i < end; i++) s += errors[i] as number;
    const m = s / n;
    let ss = 0;
    for (let i = start; i < end; i++) ss += ((errors[i] as number) - m) ** 2;
    return { value: m, samplingError: n > 1 ? Math.sqrt(ss / (n - 1)) / Math.sqrt(n) : Number.NaN };
  };
  const chunks: ReconstructionChunk[] = [];
  for (const [period, errors, n] of [
    ['reference', refErrors, nRef],
    ['current', curErrors, nCur],
  ] as const) {
    if (n === 0) continue;
    for (const [start, end] of chunkBounds(n, options)) chunks.push({ period, start, end, ...summarise(errors, start, end), alert: false });
  }
  const refValues = chunks.filter((c) => c.period === 'reference').map((c) => c.value);
  const m = refValues.reduce((a, b) => a + b, 0) / refValues.length;
  const sd = Math.sqrt(refValues.reduce((a, b) => a + (b - m) ** 2, 0) / refValues.length);
  const upper = m + 3 * sd;
  const lowerRaw = m - 3 * sd;
  const lower = lowerRaw < 0 ? null : lowerRaw;
  // NannyML alerts unless lower < value < upper.
  for (const c of chunks) c.alert = c.value >= upper || (lower !== null && c.value <= lower);
  const section: MultivariateSection = {
    method: 'pca-reconstruction',
    columns: names,
    components: k,
    explainedVariance: explained,
    lowerThreshold: lower,
    upperThreshold: upper,
    referenceError: summarise(refErrors, 0, nRef).value,
    currentError: nCur > 0 ? summarise(curErrors, 0, nCur).value : Number.NaN,
    chunks,
    drifted: chunks.some((c) => c.period === 'current' && c.alert),
  };
  if (options.domainClassifier !== false && nCur >= 2) section.domainClassifier = domainClassifierDrift(reference, current, { columns: names, types });
  return section;
}
