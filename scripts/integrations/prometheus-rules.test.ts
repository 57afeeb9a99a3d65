// docs/integrations/prometheus/ stays valid: Debian's promtool checks the scrape config and the rule
// file and runs the rules' unit tests, and every alert the file defines has a unit test that expects it to fire.

import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const DIR = join(import.meta.dirname, '..', '..', 'docs', 'integrations', 'prometheus');
const PROMTOOL = '/usr/bin/promtool';
const TEST_FILES = ['vigil-rules.test.yml', 'vigil-rules-7d.test.yml'];

function promtool(...args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(PROMTOOL, args, { cwd: DIR, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, output: `${stdout}${stderr}` }),
    );
  });
}

interface RuleFile {
  groups: { name: string; rules: { alert?: string; record?: string; expr: string }[] }[];
}
interface RuleTests {
  tests: { name: string; alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[]; promql_expr_test?: { expr: string }[] }[];
}

const rules = (parse(readFileSync(join(DIR, 'vigil-rules.yml'), 'utf8')) as RuleFile).groups.flatMap((g) => g.rules);
const tests = TEST_FILES.flatMap((f) => (parse(readFileSync(join(DIR, f), 'utf8')) as RuleTests).tests);

describe('Prometheus rules for Vigil', () => {
  it('promtool check config: the scrape config and its rule file', async () => {
    const r = await promtool('check', 'config', 'prometheus.yml');
    expect(r.code, r.output).toBe(0);
    expect(r.output).toContain('SUCCESS: 1 rule files found');
  });

  it('promtool check rules', async () => {
    const r = await promtool('check', 'rules', 'vigil-rules.yml');
    expect(r.code, r.output).toBe(0);
    expect(r.output).toContain(`SUCCESS: ${rules.length} rules found`);
  });

  it('promtool test rules: every unit test passes', async () => {
    const r = await promtool('test', 'rules', ...TEST_FILES);
    expect(r.code, r.output).toBe(0);
    expect(r.output.match(/^ {2}SUCCESS$/gm)?.length, r.output).toBe(TEST_FILES.length);
  }, 60_000);

  it('has a unit test that fires each alert, and one for each recording rule', () => {
    const fired = new Set(tests.flatMap((t) => (t.alert_rule_test ?? []).filter((a) => a.exp_alerts.length > 0).map((a) => a.alertname)));
    const recorded = new Set(tests.flatMap((t) => (t.promql_expr_test ?? []).map((p) => p.expr)));
    for (const rule of rules) {
      if (rule.alert !== undefined) expect(fired.has(rule.alert), `no unit test fires ${rule.alert}`).toBe(true);
      else expect(recorded.has(rule.record!), `no unit test of ${rule.record}`).toBe(true);
    }
  });
});
