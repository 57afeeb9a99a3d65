// The classification preset: scikit-learn metrics (through @vigil/stats) of current and reference
// predictions, binary or multiclass, from labels and/or class probabilities, plus the rules that
// judge current against reference (accuracy or F1 more than 0.05 below it, ROC AUC below 0.7).

import {
  InvalidArgumentError,
  accuracyScore,
  brierScoreLoss,
  calibrationCurve,
  confusionMatrix,
  expectedCalibrationError,
  logLoss,
  precisionRecallCurve,
  precisionRecallFscoreSupport,
  rocAucScore,
  rocCurve,
} from '@vigil/stats';
import { curvePoints } from './curve-points.js';
import { numericValues, requireColumn } from './preset-columns.js';
import { InvalidValueError } from './preset-errors.js';
import type { ClassificationMetrics, ClassificationSection, ColumnMapping, LabelScores, PresetCheck } from './report-model.js';
import type { Cell, Table, TableColumn } from './table.js';

export interface ClassificationPresetOptions {
  /** `target` and at least one of `prediction` (labels) and `predictionProbabilities` (label → column). */
  mapping: ColumnMapping;
  /** Binary: the label scored as positive (default 1 when a class is 1 or "1", else the larger label, as sklearn). */
  positiveLabel?: string | number;
  /** Binary, probabilities only: predict positive when its probability is ≥ this (Evidently: 0.5). */
  threshold?: number;
  /** Accuracy or F1 fails when it is more than this below the reference's (absolute, default 0.05). */
  maxDrop?: number;
  /** ROC AUC fails below this (default 0.7). */
  minRocAuc?: number;
}

type ClassLabel = string | number;

/** One table's rows with target and prediction both present. */
interface Rows {
  y: ClassLabel[];
  pred: ClassLabel[] | undefined;
  /** Probability columns in the order of `probLabels`. */
  probs: Float64Array[];
  dropped: number;
}

function labelOf(table: Table, column: TableColumn, i: number): ClassLabel | null {
  const v = column.values[i] as Cell | number;
  if (v === null || (typeof v === 'number' && Number.isNaN(v))) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new InvalidValueError(table, column.name, i, 'a class label (integer, string or boolean)', v);
    return v + 0;
  }
  return v;
}

function readRows(table: Table, mapping: ColumnMapping, probLabels: readonly string[]): Rows {
  const target = requireColumn(table, mapping.target as string, 'target');
  const prediction = mapping.prediction === undefined ? undefined : requireColumn(table, mapping.prediction, 'prediction');
  const probCols = probLabels.map((l) => {
    const name = (mapping.predictionProbabilities as Record<string, string>)[l] as string;
    const col = requireColumn(table, name, `probability of "${l}"`);
    const x = numericValues(table, col);
    for (let i = 0; i < x.length; i++) {
      const p = x[i] as number;
      if (!Number.isNaN(p) && !(p >= 0 && p <= 1)) throw new InvalidValueError(table, name, i, 'a probability in [0, 1]', p);
    }
    return x;
  });
  const y: ClassLabel[] = [];
  const pred: ClassLabel[] = [];
  const keep: number[] = [];
  for (let i = 0; i < table.rowCount; i++) {
    const t = labelOf(table, target, i);
    if (t === null) continue;
    let p: ClassLabel | null = null;
    if (prediction !== undefined) {
      p = labelOf(table, prediction, i);
      if (p === null) continue;
    }
    if (probCols.some((c) => Number.isNaN(c[i] as number))) continue;
    y.push(t);
    if (p !== null) pred.push(p);
    keep.push(i);
  }
  const probs = probCols.map((c) => Float64Array.from(keep, (i) => c[i] as number));
  return { y, pred: prediction === undefined ? undefined : pred, probs, dropped: table.rowCount - y.length };
}

function sortLabels(labels: Iterable<ClassLabel>): ClassLabel[] {
  const all = [...new Set(labels)];
  const kinds = new Set(all.map((l) => typeof l));
  if (kinds.size > 1) throw new InvalidArgumentError('target and prediction', 'labels of one kind (all numbers or all strings)', all.slice(0, 5).join(', '));
  return all.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Matches a probability column's key (always a string) to a class label. */
function matchLabel(key: string, classes: readonly ClassLabel[]): ClassLabel {
  return (
    classes.find((c) => String(c) === key) ??
    (classes.every((c) => typeof c === 'number') && key.trim() !== '' && !Number.isNaN(Number(key)) ? Number(key) : key)
  );
}

function rate(a: number, b: number): number {
  return a + b === 0 ? 0 : a / (a + b);
}

function metrics(
  rows: Rows,
  classes: readonly ClassLabel[],
  probLabels: readonly ClassLabel[],
  pos: ClassLabel | undefined,
  threshold: number,
): ClassificationMetrics {
  const n = rows.y.length;
  if (n === 0) throw new InvalidArgumentError('target', 'at least one row with target and prediction present', 'none');
  const binary = classes.length <= 2;
  const probOf = (label: ClassLabel): Float64Array | undefined => {
    const k = probLabels.indexOf(label);
    return k < 0 ? undefined : rows.probs[k];
  };
  let posProb: Float64Array | undefined;
  if (binary && pos !== undefined) {
    posProb = probOf(pos);
    const other = classes.find((c) => c !== pos);
    const negProb = other === undefined ? undefined : probOf(other);
    if (posProb === undefined && negProb !== undefined) posProb = negProb.map((p) => 1 - p);
  }
  let pred = rows.pred;
  if (pred === undefined) {
    if (binary && posProb !== undefined && pos !== undefined) {
      const neg = classes.find((c) => c !== pos) ?? pos;
      pred = Array.from(posProb, (p) => (p >= threshold ? pos : neg));
    } else {
      // Multiclass: the most probable class (the first on ties, as NumPy's argmax).
      pred = rows.y.map((_, i) => {
        let best = 0;
        for (let k = 1; k < rows.probs.length; k++) if ((rows.probs[k]?.[i] as number) > (rows.probs[best]?.[i] as number)) best = k;
        return probLabels[best] as ClassLabel;
      });
    }
  }
  const y = rows.y;
  const main = binary
    ? precisionRecallFscoreSupport(y, pred, { average: 'binary', posLabel: pos as ClassLabel, labels: classes })
    : precisionRecallFscoreSupport(y, pred, { average: 'macro', labels: classes });
  const weighted = precisionRecallFscoreSupport(y, pred, { average: 'weighted', labels: classes });
  const per = precisionRecallFscoreSupport(y, pred, { average: null, labels: classes });
  const matrix = confusionMatrix(y, pred, { labels: classes });
  const byLabel: Record<string, LabelScores> = {};
  classes.forEach((c, k) => {
    byLabel[String(c)] = {
      precision: (per.precision as number[])[k] as number,
      recall: (per.recall as number[])[k] as number,
      f1: (per.fscore as number[])[k] as number,
      support: (per.support as number[])[k] as number,
    };
  });
  const m: ClassificationMetrics = {
    rows: n,
    rowsDropped: rows.dropped,
    accuracy: accuracyScore(y, pred),
    precision: main.precision,
    recall: main.recall,
    f1: main.fscore,
    precisionWeighted: weighted.precision,
    recallWeighted: weighted.recall,
    f1Weighted: weighted.fscore,
    byLabel,
    confusionMatrix: { labels: [...classes], matrix },
  };
  if (binary && pos !== undefined && classes.length === 2) {
    const p = classes.indexOf(pos);
    const q = 1 - p;
    const tp = matrix[p]?.[p] as number;
    const fn = matrix[p]?.[q] as number;
    const fp = matrix[q]?.[p] as number;
    const tn = matrix[q]?.[q] as number;
    m.tpr = rate(tp, fn);
    m.tnr = rate(tn, fp);
    m.fpr = rate(fp, tn);
    m.fnr = rate(fn, tp);
  }
  const present = new Set(y);
  if (binary && posProb !== undefined && pos !== undefined && present.size === 2) {
    const isPos = Int32Array.from(y, (l) => (l === pos ? 1 : 0));
    m.rocAuc = rocAucScore(isPos, posProb);
    const neg = Float64Array.from(posProb, (p) => 1 - p);
    const posIndex = classes.indexOf(pos);
    const matrixRows = Array.from(posProb, (p, i) => (posIndex === 1 ? [neg[i] as number, p] : [p, neg[i] as number]));
    m.logLoss = logLoss(y, matrixRows, { labels: classes });
    m.brier = brierScoreLoss(isPos, posProb);
    m.ece = expectedCalibrationError(isPos, posProb, { nBins: 10 });
    const cal = calibrationCurve(isPos, posProb, { nBins: 10 });
    m.calibration = { probTrue: Array.from(cal.probTrue), probPred: Array.from(cal.probPred), counts: Array.from(cal.counts) };
    const roc = rocCurve(isPos, posProb);
    m.rocCurve = curvePoints(roc.fpr, roc.tpr, roc.thresholds);
    const pr = precisionRecallCurve(isPos, posProb);
    m.prCurve = curvePoints(pr.recall, pr.precision, pr.thresholds);
    for (const [k, c] of classes.entries()) {
      const entry = byLabel[String(c)];
      if (entry !== undefined) entry.rocAuc = k === posIndex ? m.rocAuc : 1 - m.rocAuc;
    }
  } else if (!binary && probLabels.length === classes.length && classes.every((c) => probLabels.includes(c)) && present.size === classes.length) {
    const cols = classes.map((c) => probOf(c) as Float64Array);
    const matrixRows = y.map((_, i) => cols.map((col) => col[i] as number));
    m.rocAuc = rocAucScore(y, matrixRows, { multiClass: 'ovr', average: 'macro', labels: classes }) as number;
    m.logLoss = logLoss(y, matrixRows, { labels: classes });
    classes.forEach((c, k) => {
      const entry = byLabel[String(c)];
      if (entry !== undefined)
        entry.rocAuc = rocAucScore(
          Int32Array.from(y, (l) => (l === c ? 1 : 0)),
          cols[k] as Float64Array,
        );
    });
  }
  return m;
}

/**
 * Runs the classification preset on current data and, when given, the reference. Rows with a
 * missing target, prediction or probability are left out and counted in `rowsDropped`.
 */
export function classificationPreset(reference: Table | undefined, current: Table, options: ClassificationPresetOptions): ClassificationSection {
  const { mapping } = options;
  if (mapping.target === undefined) throw new InvalidArgumentError('mapping.target', 'the target column for the classification preset');
  const probKeys = Object.keys(mapping.predictionProbabilities ?? {});
  if (mapping.prediction === undefined && probKeys.length === 0) {
    throw new InvalidArgumentError('mapping', 'a prediction column or prediction probability columns for the classification preset');
  }
  const threshold = options.threshold ?? 0.5;
  if (!(threshold >= 0 && threshold <= 1)) throw new InvalidArgumentError('threshold', 'a number in [0, 1]', threshold);
  const maxDrop = options.maxDrop ?? 0.05;
  const minRocAuc = options.minRocAuc ?? 0.7;

  const cur = readRows(current, mapping, probKeys);
  const ref = reference === undefined ? undefined : readRows(reference, mapping, probKeys);
  const observed: ClassLabel[] = [...cur.y, ...(cur.pred ?? []), ...(ref?.y ?? []), ...(ref?.pred ?? [])];
  let classes = sortLabels(observed);
  const probLabels = probKeys.map((k) => matchLabel(k, classes));
  classes = sortLabels([...classes, ...probLabels]);
  const binary = classes.length <= 2;
  let pos: ClassLabel | undefined;
  if (binary) {
    if (options.positiveLabel !== undefined) {
      pos = classes.find((c) => String(c) === String(options.positiveLabel));
      if (pos === undefined) throw new InvalidArgumentError('positiveLabel', `one of the classes (${classes.join(', ')})`, options.positiveLabel);
    } else if (probLabels.length === 1) {
      pos = probLabels[0];
    } else {
      pos = classes.find((c) => String(c) === '1') ?? classes[classes.length - 1];
    }
  }

  const current_ = metrics(cur, classes, probLabels, pos, threshold);
  const reference_ = ref === undefined ? undefined : metrics(ref, classes, probLabels, pos, threshold);
  const checks: PresetCheck[] = [];
  if (reference_ !== undefined) {
    for (const k of ['accuracy', 'f1'] as const) {
      const bound = reference_[k] - maxDrop;
      checks.push({
        name: k,
        actual: current_[k],
        expected: `≥ ${round4(bound)} (reference ${round4(reference_[k])} − ${maxDrop})`,
        passed: current_[k] >= bound,
      });
    }
  }
  if (current_.rocAuc !== undefined) {
    checks.push({ name: 'rocAuc', actual: current_.rocAuc, expected: `≥ ${minRocAuc}`, passed: current_.rocAuc >= minRocAuc });
  }
  const section: ClassificationSection = {
    type: binary ? 'binary' : 'multiclass',
    labels: classes,
    threshold,
    current: current_,
    checks,
    passed: checks.every((c) => c.passed),
  };
  if (pos !== undefined) section.positiveLabel = pos;
  if (reference_ !== undefined) section.reference = reference_;
  return section;
}

/** Four significant digits, for messages people read (the report keeps full precision). */
function round4(v: number): string {
  return Number(v.toPrecision(4)).toString();
}
