// The real `vigil` process on real files: exit codes, one-line errors, and the files it writes.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = new URL('../bin/vigil.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'vigil-e2e-'));

function vigil(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** A deterministic binary classifier's data: x drives the label; current is shifted and noisier. */
function classifierCsv(name: string, n: number, shift: number, flipEvery: number): string {
  const rows = ['x,segment,target,pred,proba_1'];
  for (let i = 0; i < n; i++) {
    const x = Math.sin(i * 12.9898) * 3 + shift;
    const target = x > shift ? 1 : 0;
    const pred = i % flipEvery === 0 ? 1 - target : target;
    const p = 1 / (1 + Math.exp(-(x - shift) * (pred === target ? 1 : -1)));
    rows.push(`${x.toFixed(6)},${['north', 'south', 'east'][i % 3]},${target},${pred},${p.toFixed(6)}`);
  }
  return file(name, `${rows.join('\n')}\n`);
}

const ref = classifierCsv('ref.csv', 400, 0, 10);
const good = classifierCsv('good.csv', 300, 0.1, 10);
const bad = classifierCsv('bad.csv', 300, 2, 2);
const mapping = ['--target', 'target', '--prediction', 'pred', '--prediction-proba-prefix', 'proba_'];

/** Two numeric features and one categorical one; `drift` moves `a` by 1.5 sd and adds a category. */
function featuresCsv(name: string, n: number, drift: boolean): string {
  const rows = ['a,b,c'];
  for (let i = 0; i < n; i++) {
    const u = (i * 0.618033988749895) % 1;
    const a = Math.sqrt(-2 * Math.log(1 - (0.5 + 0.999 * (u - 0.5)))) * Math.cos(2 * Math.PI * ((i * 0.7548776662466927) % 1)) + (drift ? 1.5 : 0);
    const b = (i * 0.5698402909980532) % 1;
    const c = drift && i % 4 === 0 ? 'new' : ['x', 'y', 'z'][i % 3];
    rows.push(`${a.toFixed(6)},${b.toFixed(6)},${c}`);
  }
  return file(name, `${rows.join('\n')}\n`);
}

describe('vigil (process)', () => {
  it('report finds the drifted columns, and check turns data set drift into exit code 1', () => {
    const reference = featuresCsv('f-ref.csv', 600, false);
    const same = featuresCsv('f-same.csv', 500, false);
    const drifted = featuresCsv('f-drift.csv', 500, true);
    const json = join(dir, 'drift.json');
    const r = vigil('report', '--reference', reference, '--current', drifted, '--json', json);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8')) as {
      columnTypes: Record<string, string>;
      drift: { datasetDrift: boolean; share: number; columns: Array<{ name: string; method: string; drifted: boolean; score: number }> };
    };
    expect(report.columnTypes).toEqual({ a: 'numerical', b: 'numerical', c: 'categorical' });
    const byName = Object.fromEntries(report.drift.columns.map((c) => [c.name, c]));
    // Small reference (≤ 1000 rows): Evidently's defaults are KS for numbers, chi-square for categories.
    expect(byName['a']).toMatchObject({ method: 'ks', drifted: true });
    expect(byName['b']).toMatchObject({ method: 'ks', drifted: false });
    expect(byName['c']).toMatchObject({ method: 'chisquare', drifted: true });
    expect(report.drift.share).toBeCloseTo(2 / 3, 12);
    expect(report.drift.datasetDrift).toBe(true);

    expect(vigil('check', '--reference', reference, '--current', drifted).code).toBe(1);
    expect(vigil('check', '--reference', reference, '--current', same).code).toBe(0);
  });

  it('tests free-text columns with Evidently’s domain classifier', () => {
    const fixture = JSON.parse(readFileSync(new URL('../../core/fixtures/text_drift.json', import.meta.url), 'utf8')) as {
      cases: Array<{ name: string; reference: string[]; current: string[]; auc: number; drifted: boolean }>;
    };
    const c = fixture.cases.find((x) => x.name === 'small, shifted topics (bootstrap)')!;
    const csv = (name: string, texts: string[]) => file(name, `id,note\n${texts.map((t, i) => `${i},"${t.replace(/"/g, '""')}"`).join('\n')}\n`);
    const json = join(dir, 'text.json');
    const r = vigil('report', '--reference', csv('t-ref.csv', c.reference), '--current', csv('t-cur.csv', c.current), '--id', 'id', '--json', json);
    expect(r.stderr).toBe('');
    const report = JSON.parse(readFileSync(json, 'utf8')) as {
      columnTypes: Record<string, string>;
      drift: { columns: Array<{ name: string; type: string; method: string; score: number; threshold: number; drifted: boolean }> };
    };
    expect(report.columnTypes['note']).toBe('text');
    const note = report.drift.columns.find((x) => x.name === 'note')!;
    expect(note).toMatchObject({ type: 'text', method: 'perc_text_content_drift', threshold: 0.95, drifted: c.drifted });
    expect(Math.abs(note.score - c.auc)).toBeLessThan(0.005);
    const forced = vigil(
      'report',
      '--reference',
      csv('t-ref.csv', c.reference),
      '--current',
      csv('t-cur.csv', c.current),
      '--id',
      'id',
      '--per-column-method',
      'note=abs_text_content_drift',
      '--json',
      json,
    );
    expect(forced.code).toBe(0);
    expect((JSON.parse(readFileSync(json, 'utf8')) as typeof report).drift.columns.find((x) => x.name === 'note')!.method).toBe('abs_text_content_drift');
  });

  it('prints help from the bin', () => {
    const result = vigil('--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('report');
    expect(result.stdout).toContain('check');
    expect(result.stdout).toMatch(/serve\s+Run the Vigil server/);
    expect(result.stdout).toMatch(/demo\s+Start the server with a simulated/);
    expect(result.stdout).toContain('-V, --version');
  });

  it('prints its version with --version and -V', () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const result = vigil(flag);
      expect(result, flag).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: '' });
    }
  });

  it('reads semicolon-delimited CSV (detected, or --delimiter), and names the delimiters when columns differ', () => {
    const semi = (name: string, text: string) => file(name, text.replaceAll(',', ';'));
    const reference = readFileSync(featuresCsv('d-ref.csv', 300, false), 'utf8');
    const current = readFileSync(featuresCsv('d-cur.csv', 300, true), 'utf8');
    const json = join(dir, 'semi.json');
    const detected = vigil('report', '--reference', semi('d-ref-semi.csv', reference), '--current', semi('d-cur-semi.csv', current), '--json', json);
    expect(detected.stderr).toBe('');
    expect(detected.code).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8')) as { columnTypes: Record<string, string>; drift: { datasetDrift: boolean } };
    expect(report.columnTypes).toEqual({ a: 'numerical', b: 'numerical', c: 'categorical' });
    expect(report.drift.datasetDrift).toBe(true);
    // A comma reference against a semicolon current file, each detected: the columns agree.
    expect(vigil('report', '--reference', join(dir, 'd-ref.csv'), '--current', join(dir, 'd-cur-semi.csv')).code).toBe(0);
    // Tab, as a word; and a delimiter given that does not split current: the error says which one was used.
    const tab = file('d-cur.tsv.csv', current.replaceAll(',', '\t'));
    expect(vigil('report', '--reference', file('d-ref.tsv.csv', reference.replaceAll(',', '\t')), '--current', tab, '--delimiter', 'tab').code).toBe(0);
    const forced = vigil('report', '--reference', join(dir, 'd-ref.csv'), '--current', join(dir, 'd-cur-semi.csv'), '--delimiter', ',');
    expect(forced.code).toBe(2);
    expect(forced.stderr).toBe(
      `vigil: ${join(dir, 'd-cur-semi.csv')}:1:a: column is in the reference (${join(dir, 'd-ref.csv')}, delimiter ",") but not in current (delimiter ","; its header: "a;b;c")\n`,
    );
    expect(vigil('report', '--reference', ref, '--current', good, '--delimiter', ';;').stderr).toBe(
      'vigil: --delimiter: expected one ASCII character other than a quote or a line end (tab for a tab), got ";;"\n',
    );
  });

  it('check exits 0 when every check passes and 1 when one fails, with a table and JUnit', () => {
    const junit = join(dir, 'junit.xml');
    const pass = vigil(
      'check',
      '--reference',
      ref,
      '--current',
      good,
      '--preset',
      'classification',
      ...mapping,
      '--check',
      'classification.current.accuracy gte 0.8',
      '--junit',
      junit,
    );
    expect(pass.stderr).toBe('');
    expect(pass.code).toBe(0);
    expect(pass.stdout).toMatch(/classification\.current\.accuracy gte 0\.8\s+0\.9\s+PASS/);
    expect(readFileSync(junit, 'utf8')).toContain('tests="1" failures="0"');

    const fail = vigil(
      'check',
      '--reference',
      ref,
      '--current',
      bad,
      '--preset',
      'classification',
      ...mapping,
      '--check',
      'classification.current.accuracy gte 0.8',
      '--junit',
      junit,
    );
    expect(fail.code).toBe(1);
    expect(fail.stdout).toMatch(/FAIL\s+expected gte 0\.8, got 0\.5/);
    expect(readFileSync(junit, 'utf8')).toContain('<failure message="expected gte 0.8, got 0.5"');
  });

  it('exits 2 with one line naming file, row and column for bad input', () => {
    const ragged = file('ragged.csv', 'x,segment,target,pred,proba_1\n1,a,1,1,0.5\n2,b,0\n');
    const cases: [string[], string][] = [
      [['--current', ragged], `vigil: ${ragged}:3:pred: expected 5 fields as in the header, got 3\n`],
      [['--current', file('empty.csv', '')], `vigil: ${join(dir, 'empty.csv')}:1:-: the file is empty: expected a header row\n`],
      [
        ['--current', file('schema.csv', 'x,segment,target,pred\n1,a,1,1\n')],
        `vigil: ${join(dir, 'schema.csv')}:1:proba_1: column is in the reference (${ref}, delimiter ",") but not in current (delimiter ","; its header: "x", "segment", "target", "pred")\n`,
      ],
      [
        ['--current', file('value.csv', 'x,segment,target,pred,proba_1\n1,a,1,1,0.5\noops,a,1,1,0.5\n')],
        // The cell that is not a number (row 3), not the first cell of a column read as text.
        `vigil: ${join(dir, 'value.csv')}:3:x: expected a number as in the reference (${ref}), got "oops"\n`,
      ],
      [['--current', good, '--target', 'label'], `vigil: ${ref}:1:label: mapped column (--target) is not in the file\n`],
      [['--current', file('broken.parquet', 'not parquet')], ''],
    ];
    for (const [args, line] of cases) {
      const result = vigil('report', '--reference', ref, '--preset', 'quality', ...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.split('\n').filter(Boolean), args.join(' ')).toHaveLength(1);
      if (line !== '') expect(result.stderr).toBe(line);
      else expect(result.stderr).toMatch(/broken\.parquet:-:-: not a readable Parquet file/);
    }
  });

  it('exits 2 on usage errors: unknown preset, bad method, malformed check, bad config', () => {
    expect(vigil('report', '--reference', ref, '--current', good, '--preset', 'nope').stderr).toMatch(/^vigil: --preset: expected one of .*, got "nope"\n$/);
    expect(vigil('report', '--reference', ref, '--current', good, '--method', 'nope').code).toBe(2);
    const check = vigil('check', '--reference', ref, '--current', good, '--preset', 'quality', '--check', 'quality.passed between 1');
    expect(check.code).toBe(2);
    const config = file('vigil.json', JSON.stringify({ drift: { method: 'kstest' } }));
    const result = vigil('report', '--config', config);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^vigil: --config .*vigil\.json: drift\.method: expected/);
  });

  it('names an unknown config key and the keys its place takes', () => {
    const top = file('unknown-top.json', JSON.stringify({ id: 'x', reference: 'ref.csv' }));
    expect(vigil('report', '--config', top)).toMatchObject({
      code: 2,
      stderr: `vigil: --config ${top}: expected one of the keys reference, current, presets, delimiter, mapping, drift, checks, output, got unknown key "id"\n`,
    });
    const nested = file('unknown-drift.json', JSON.stringify({ drift: { metod: 'ks', treshold: 0.1 } }));
    expect(vigil('report', '--config', nested)).toMatchObject({
      code: 2,
      stderr: `vigil: --config ${nested}: drift: expected one of the keys method, perColumnMethod, threshold, perColumnThreshold, correction, driftShare, got unknown keys "metod", "treshold"\n`,
    });
  });

  it('refuses an output file in a folder that does not exist, before reading data, and creates no folder', () => {
    const missing = join(dir, 'no-such-folder', 'deeper');
    for (const flag of ['--html', '--json', '--md']) {
      const result = vigil('report', '--reference', ref, '--current', good, flag, join(missing, 'x.out'));
      expect(result, flag).toMatchObject({
        code: 2,
        stderr: `vigil: ${flag}: expected a file in an existing folder, got ${join(missing, 'x.out')} (there is no folder ${missing})\n`,
      });
    }
    const junit = vigil('check', '--reference', ref, '--current', good, '--junit', '/nonexistent/dir/x.xml');
    expect(junit.stderr).toBe('vigil: --junit: expected a file in an existing folder, got /nonexistent/dir/x.xml (there is no folder /nonexistent/dir)\n');
    expect(existsSync(join(dir, 'no-such-folder'))).toBe(false);
    expect(existsSync('/nonexistent')).toBe(false);
  });

  it('runs the presets that --check names when --preset is not given, and says so when --preset leaves one out', () => {
    const pass = vigil('check', '--reference', ref, '--current', good, '--check', 'drift.share lt 0.9', '--check', 'quality.columns.*.missingShare lt 0.05');
    expect(pass.stderr).toBe('');
    expect(pass.code).toBe(0);
    expect(pass.stdout).toMatch(/quality\.columns\.x\.missingShare lt 0\.05\s+0\s+PASS/);
    const left = vigil('check', '--reference', ref, '--current', good, '--preset', 'drift', '--check', 'quality.passed eq true');
    expect(left).toMatchObject({
      code: 2,
      stderr: 'vigil: --check "quality.passed eq true": expected a value of the presets this run computes (drift), got quality: add it to --preset\n',
    });
  });

  it('reads settings from a config file, flags overriding it', () => {
    const json = join(dir, 'from-config.json');
    const config = file(
      'run.json',
      JSON.stringify({
        reference: 'ref.csv',
        current: 'bad.csv',
        presets: ['classification'],
        mapping: { target: 'target', prediction: 'pred' },
        output: { json: 'from-config.json' },
      }),
    );
    const result = vigil('report', '--config', config, '--current', good);
    expect(result.code).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8')) as {
      schemaVersion: number;
      current: { source: string; rows: number };
      classification: { current: { accuracy: number } };
    };
    expect(report.schemaVersion).toBe(1);
    expect(report.current.source).toBe(good);
    expect(report.classification.current.accuracy).toBe(0.9);
  });

  it('writes a self-contained HTML report with SVG charts, and a Markdown summary', () => {
    const html = join(dir, 'report.html');
    const md = join(dir, 'report.md');
    const result = vigil('report', '--reference', ref, '--current', bad, '--preset', 'quality,classification', ...mapping, '--html', html, '--md', md);
    expect(result.code).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect((page.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(5 + 2); // 5 distributions, confusion matrix, ROC
    expect(page).not.toMatch(/https?:\/\//);
    expect(page).not.toMatch(/<script|<link|@import|url\((?!#)/); // url(#clip) refers inside the page
    expect(page).toContain('Confusion matrix');
    expect(page).toContain('ROC curve');
    expect(readFileSync(md, 'utf8')).toMatch(/^## Vigil report\n/);
  });

  it('reports multivariate drift by PCA reconstruction and by a domain classifier, in JSON, HTML and Markdown', () => {
    const reference = featuresCsv('m-ref.csv', 800, false);
    const drifted = featuresCsv('m-drift.csv', 600, true);
    const [json, html, md] = ['m.json', 'm.html', 'm.md'].map((f) => join(dir, f));
    const result = vigil('report', '--reference', reference, '--current', drifted, '--preset', 'multivariate', '--json', json!, '--html', html!, '--md', md!);
    expect(result.stderr).toBe('');
    const m = (
      JSON.parse(readFileSync(json!, 'utf8')) as {
        multivariate: { method: string; domainClassifier: { auc: number; drifted: boolean; classifier: string; topColumns: { column: string }[] } };
      }
    ).multivariate;
    expect(m.method).toBe('pca-reconstruction');
    expect(m.domainClassifier.drifted).toBe(true);
    expect(m.domainClassifier.auc).toBeGreaterThan(0.6);
    expect(['a', 'c']).toContain(m.domainClassifier.topColumns[0]!.column);
    expect(readFileSync(html!, 'utf8')).toContain('Domain classifier');
    expect(readFileSync(md!, 'utf8')).toMatch(/Domain classifier: ROC AUC 0\.\d+ ⚠️ above 0\.55/);
  });
});
