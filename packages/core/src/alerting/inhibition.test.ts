// Inhibition rules: source and target matchers, `equal` labels (missing on both sides counts as
// equal), and Alertmanager's rule that an alert matching both sides is not inhibited by its peers.

import { describe, expect, it } from 'vitest';
import { AlertingConfigError } from './alerting-error.js';
import { compileInhibitRule, createInhibitor, inhibitedBy } from './inhibition.js';
import { fingerprint } from './labels.js';
import type { Labels } from './labels.js';

const source = (labels: Labels) => ({ fingerprint: fingerprint(labels), labels });

const volumeMutesDrift = compileInhibitRule({ sourceMatchers: ['alertname="Volume"'], targetMatchers: ['alertname="Drift"'], equal: ['model'] });

describe('inhibitedBy', () => {
  const volume = { alertname: 'Volume', model: 'fraud' };
  it("mutes a model's drift alerts while its volume alert fires", () => {
    expect(inhibitedBy({ alertname: 'Drift', model: 'fraud', feature: 'age' }, [volumeMutesDrift], [source(volume)])).toBe(fingerprint(volume));
    expect(inhibitedBy({ alertname: 'Drift', model: 'churn', feature: 'age' }, [volumeMutesDrift], [source(volume)])).toBeUndefined();
    expect(inhibitedBy({ alertname: 'Quality', model: 'fraud' }, [volumeMutesDrift], [source(volume)])).toBeUndefined();
    expect(inhibitedBy({ alertname: 'Drift', model: 'fraud' }, [volumeMutesDrift], [])).toBeUndefined();
  });
  it('counts a label missing on both sides as equal, and missing on one side as different', () => {
    expect(inhibitedBy({ alertname: 'Drift' }, [volumeMutesDrift], [source({ alertname: 'Volume' })])).toBe(fingerprint({ alertname: 'Volume' }));
    expect(inhibitedBy({ alertname: 'Drift' }, [volumeMutesDrift], [source(volume)])).toBeUndefined();
    expect(inhibitedBy({ alertname: 'Drift', model: '' }, [volumeMutesDrift], [source({ alertname: 'Volume' })])).toBeDefined();
  });
  it('needs every equal label to agree', () => {
    const rule = compileInhibitRule({ sourceMatchers: ['severity="critical"'], targetMatchers: ['severity="warning"'], equal: ['model', 'feature'] });
    const critical = { severity: 'critical', model: 'fraud', feature: 'age' };
    expect(inhibitedBy({ severity: 'warning', model: 'fraud', feature: 'age' }, [rule], [source(critical)])).toBeDefined();
    expect(inhibitedBy({ severity: 'warning', model: 'fraud', feature: 'income' }, [rule], [source(critical)])).toBeUndefined();
  });
  it('never lets an alert matching both sides be inhibited by another that matches both, nor by itself', () => {
    const rule = compileInhibitRule({ sourceMatchers: ['team="ml"'], targetMatchers: ['team="ml"'], equal: [] });
    const a = { team: 'ml', alertname: 'A' };
    const b = { team: 'ml', alertname: 'B' };
    expect(inhibitedBy(a, [rule], [source(a), source(b)])).toBeUndefined();
    const sourceOnly = compileInhibitRule({ sourceMatchers: ['team="ml"'], targetMatchers: ['alertname="B"'] });
    // B matches both sides of this rule; A matches only the source side, so A may inhibit B.
    expect(inhibitedBy(b, [sourceOnly], [source(a), source(b)])).toBe(fingerprint(a));
    expect(inhibitedBy(b, [sourceOnly], [source(b)])).toBeUndefined();
  });
  it('checks many alerts against one prepared inhibitor', () => {
    const check = createInhibitor([volumeMutesDrift], [source(volume), source({ alertname: 'Volume', model: 'churn' })]);
    expect(['fraud', 'churn', 'ads'].map((model) => check({ alertname: 'Drift', model }) !== undefined)).toEqual([true, true, false]);
  });
  it('refuses malformed rules, naming the field', () => {
    expect(() => compileInhibitRule({ sourceMatchers: ['a=='], targetMatchers: [] }, 'inhibitRules[2]')).toThrow(/^inhibitRules\[2\]\.sourceMatchers\[0\]: /);
    expect(() => compileInhibitRule({ sourceMatchers: [], targetMatchers: [], equal: [''] })).toThrow(AlertingConfigError);
  });
});
