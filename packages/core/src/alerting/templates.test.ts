// Alert templates: Prometheus' data ($labels, $value), Go's printing, Prometheus' humanize family
// held to the line-by-line port in fixtures/gen_alerting.py, and errors raised at creation time.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AlertingConfigError } from './alerting-error.js';
import { compileTemplate, expandTemplate, humanize, humanize1024, humanizeDuration, humanizePercentage, renderTemplate } from './templates.js';

interface HumanizeCase {
  x: number | string;
  humanize: string;
  humanize1024: string;
  humanizePercentage: string;
  humanizeDuration: string;
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/alerting.json', import.meta.url), 'utf8')) as { humanize: HumanizeCase[] };
const toNumber = (x: number | string): number => (typeof x === 'number' ? x : x === 'NaN' ? Number.NaN : x === 'Infinity' ? Infinity : -Infinity);

const data = { labels: { alertname: 'Drift', model: 'fraud', feature: 'age' }, value: 0.2345678 };

describe('expanding', () => {
  it('prints $value, $labels and printf as Prometheus does', () => {
    expect(renderTemplate('PSI {{ $value }} on {{ $labels.feature }} of {{ $labels.model }}', data)).toBe('PSI 0.2345678 on age of fraud');
    expect(renderTemplate('{{ printf "%.2f" $value }}', data)).toBe('0.23');
    expect(renderTemplate('{{ $value | printf "%.1f%%" }}', data)).toBe('0.2%');
    expect(renderTemplate('{{ .Value }} {{ .Labels.model }}', data)).toBe('0.2345678 fraud');
    expect(renderTemplate('{{ $value }}', { labels: {}, value: 1e6 })).toBe('1e+06');
    expect(renderTemplate('{{ $value }}', { labels: {}, value: Number.NaN })).toBe('NaN');
    expect(renderTemplate('{{ printf "%s: %.3g" $labels.feature $value }}', data)).toBe('age: 0.235');
  });
  it('renders a missing label as the empty string (missingkey=zero)', () => {
    expect(renderTemplate('[{{ $labels.segment }}]', data)).toBe('[]');
    expect(renderTemplate('[{{ index $labels "model" }}]', data)).toBe('[fraud]');
  });
  it('supports pipelines, parentheses, comments and trim markers', () => {
    expect(renderTemplate('{{ $value | humanizePercentage }}', data)).toBe('23.46%');
    expect(renderTemplate('{{ toUpper (printf "%s-%s" $labels.model $labels.feature) }}', data)).toBe('FRAUD-AGE');
    expect(renderTemplate('a {{- /* note */ -}}  b', data)).toBe('ab');
    expect(renderTemplate('x  {{- " y " }}  z', data)).toBe('x y   z');
    expect(renderTemplate('{{ title "model drift" }} {{ toLower "AB" }}', data)).toBe('Model Drift ab');
    expect(renderTemplate('{{ $externalLabels.env }}', { ...data, externalLabels: { env: 'prod' } })).toBe('prod');
    expect(renderTemplate('{{ humanizeDuration 90061 }}', data)).toBe('1d 1h 1m 1s');
    expect(renderTemplate('{{ print 1 2 "a" 3 }}', data)).toBe('1 2a3');
    expect(renderTemplate('{{ "a}}b" }}', data)).toBe('a}}b');
  });
  it("turns runtime errors into Prometheus' error text instead of throwing", () => {
    const t = compileTemplate('{{ humanize $labels.model }}');
    expect(expandTemplate(t, data)).toBe('<error expanding template: {{ humanize $labels.model }}: error calling humanize: cannot parse "fraud" as a number>');
    expect(renderTemplate('{{ humanize "1234.5" }}', data)).toBe('1.234k');
  });
});

describe('humanize family', () => {
  it(`matches the Prometheus port on ${fixture.humanize.length} values`, () => {
    for (const c of fixture.humanize) {
      const x = toNumber(c.x);
      expect(humanize(x), `humanize ${String(c.x)}`).toBe(c.humanize);
      expect(humanize1024(x), `humanize1024 ${String(c.x)}`).toBe(c.humanize1024);
      expect(humanizePercentage(x), `humanizePercentage ${String(c.x)}`).toBe(c.humanizePercentage);
      expect(humanizeDuration(x), `humanizeDuration ${String(c.x)}`).toBe(c.humanizeDuration);
    }
  });
});

describe('checking at creation time', () => {
  const cases: [string, RegExp][] = [
    ['{{ foo }}', /1:3: function "foo" not defined/],
    ['{{ if gt $value 1.0 }}x{{ end }}', /"if" actions are not supported/],
    ['{{ range $labels }}{{ end }}', /"range" actions are not supported/],
    ['{{ $x := 1 }}', /undefined variable "\$x"/],
    ['{{ $v }}', /undefined variable "\$v"/],
    ['{{ printf "%x" $value }}', /printf verb %x is not supported/],
    ['{{ humanize }}', /wrong number of args for humanize: want 1 got 0/],
    ['{{ toUpper $value }}', /wrong type for value; expected string; got float64/],
    ['{{ $value.foo }}', /can't evaluate field foo in type float64/],
    ['{{ .Foo }}', /can't evaluate field Foo/],
    ['{{ $labels.a.b }}', /can't evaluate field b in type string/],
    ['{{ "abc }}', /unterminated quoted string/],
    ['line one\n{{ $value', /: 2:0: unclosed action$/],
    ['{{ }}', /missing value for command/],
    ['{{ 1 2 }}', /can't give argument to non-function 1/],
    ['{{ $value | $value }}', /can't give argument to non-function/],
    ['{{ (printf "a" }}', /unclosed left paren/],
  ];
  it.each(cases)('%j', (source, message) => {
    let error: unknown;
    try {
      compileTemplate(source, 'annotations.summary');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AlertingConfigError);
    expect((error as AlertingConfigError).path).toBe('annotations.summary');
    expect((error as AlertingConfigError).message).toMatch(message);
  });
  it('points at the line and column of the bad action', () => {
    try {
      compileTemplate('ok\n  {{ nope }}', 'annotations.description');
      expect.unreachable();
    } catch (e) {
      expect((e as AlertingConfigError).detail).toBe('2:5: function "nope" not defined');
      expect((e as AlertingConfigError).position).toEqual({ start: 8, end: 12 });
    }
  });
});
