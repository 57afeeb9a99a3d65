// Alertmanager's inhibition: while a firing alert matches a rule's source matchers, alerts matching
// its target matchers with equal values for the `equal` labels are muted (e.g. drift alerts of a
// model while its volume alert fires). A label missing on both sides counts as equal.

import { AlertingConfigError } from './alerting-error.js';
import type { Labels } from './labels.js';
import { matchesLabels, toMatchers } from './matchers.js';
import type { Matcher } from './matchers.js';

export interface InhibitRuleConfig {
  name?: string;
  sourceMatchers: readonly (string | Matcher)[];
  targetMatchers: readonly (string | Matcher)[];
  equal?: readonly string[];
}

export interface InhibitRule {
  name: string;
  sourceMatchers: Matcher[];
  targetMatchers: Matcher[];
  equal: string[];
}

/** A firing alert that may act as an inhibition source. */
export interface InhibitionSource {
  fingerprint: string;
  labels: Labels;
}

/** Checks an inhibition rule; throws AlertingConfigError naming the field. */
export function compileInhibitRule(config: InhibitRuleConfig, path = 'inhibitRule'): InhibitRule {
  if (!Array.isArray(config.sourceMatchers)) throw new AlertingConfigError(`${path}.sourceMatchers`, 'a list of matchers');
  if (!Array.isArray(config.targetMatchers)) throw new AlertingConfigError(`${path}.targetMatchers`, 'a list of matchers');
  const equal = [...(config.equal ?? [])];
  equal.forEach((name, i) => {
    if (typeof name !== 'string' || name === '') throw new AlertingConfigError(`${path}.equal[${i}]`, 'a label name');
  });
  return {
    name: config.name ?? '',
    sourceMatchers: toMatchers(config.sourceMatchers, `${path}.sourceMatchers`),
    targetMatchers: toMatchers(config.targetMatchers, `${path}.targetMatchers`),
    equal,
  };
}

function equalKey(rule: InhibitRule, labels: Labels): string {
  return JSON.stringify(rule.equal.map((n) => labels[n] ?? ''));
}

/**
 * Builds the inhibition check for one moment: `firing` are the alerts firing now. The returned
 * function gives the fingerprint of the alert that inhibits `labels`, or undefined. An alert that
 * matches both a rule's source and target cannot be inhibited through that rule by a source that
 * also matches both sides, so a source never inhibits itself.
 */
export function createInhibitor(rules: readonly InhibitRule[], firing: readonly InhibitionSource[]): (labels: Labels) => string | undefined {
  const sorted = [...firing].sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0));
  const indexes = rules.map((rule) => {
    const byEqual = new Map<string, InhibitionSource[]>();
    for (const s of sorted) {
      if (!matchesLabels(rule.sourceMatchers, s.labels)) continue;
      const key = equalKey(rule, s.labels);
      const list = byEqual.get(key);
      if (list) list.push(s);
      else byEqual.set(key, [s]);
    }
    return byEqual;
  });
  return (labels) => {
    for (let r = 0; r < rules.length; r++) {
      const rule = rules[r]!;
      if (!matchesLabels(rule.targetMatchers, labels)) continue;
      const sources = indexes[r]!.get(equalKey(rule, labels));
      if (!sources) continue;
      const twoSided = matchesLabels(rule.sourceMatchers, labels);
      const source = sources.find((s) => !(twoSided && matchesLabels(rule.targetMatchers, s.labels)));
      if (source) return source.fingerprint;
    }
    return undefined;
  };
}

/** The fingerprint of a firing alert inhibiting `labels`, or undefined (one-off form of createInhibitor). */
export function inhibitedBy(labels: Labels, rules: readonly InhibitRule[], firing: readonly InhibitionSource[]): string | undefined {
  return createInhibitor(rules, firing)(labels);
}
