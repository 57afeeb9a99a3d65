// docs/integrations/grafana/'s dashboards are valid Grafana dashboards: each JSON, as an object
// literal, type-checks against @grafana/schema's `Dashboard` with `satisfies` (string enums read as their values) (so a misspelt or
// mistyped field fails, as a control shows), uses the Prometheus datasource variable everywhere, and
// lays its panels out without overlap. The queries run against a live Vigil in prometheus-scrape.e2e.test.ts.

import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const REPO = join(import.meta.dirname, '..', '..');
const DIR = join(REPO, 'docs', 'integrations', 'grafana');
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();
// Inside the repository, so `@grafana/schema` resolves from its node_modules.
const CHECK_DIR = join(REPO, 'node_modules', '.cache', 'vigil-grafana-check');
afterAll(() => rmSync(CHECK_DIR, { recursive: true, force: true }));

const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };

interface Target {
  refId: string;
  expr: string;
  datasource: unknown;
}
interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: unknown;
  gridPos: { x: number; y: number; w: number; h: number };
  targets?: Target[];
}
interface DashboardJson {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: { name: string; type: string; query: unknown; datasource?: unknown }[] };
}

const dashboards = FILES.map((f) => ({
  file: f,
  text: readFileSync(join(DIR, f), 'utf8'),
  json: JSON.parse(readFileSync(join(DIR, f), 'utf8')) as DashboardJson,
}));

/**
 * The schema's types as JSON spells them: a string enum (`FieldColorModeId`) becomes the union of its
 * values, which is all a JSON file can hold; everything else is unchanged, optional fields included.
 */
const PRELUDE = `import type { Dashboard } from '@grafana/schema';

type Json<T> = T extends string ? \`\${T}\` : T extends readonly (infer U)[] ? Json<U>[] : T extends object ? { [K in keyof T]: Json<T[K]> } : T;
`;

/** Type errors of `<literal> satisfies Json<Dashboard>` for each source, by TypeScript's compiler (strict, as the repository compiles). */
function typeErrors(sources: Record<string, string>): Map<string, string[]> {
  mkdirSync(CHECK_DIR, { recursive: true });
  const files = Object.entries(sources).map(([name, literal]) => {
    const file = join(CHECK_DIR, `${name}.ts`);
    writeFileSync(file, `${PRELUDE}\nexport const dashboard = (${literal.trim()}) satisfies Json<Dashboard>;\n`);
    return [name, file] as const;
  });
  const program = ts.createProgram(
    files.map(([, f]) => f),
    {
      strict: true,
      exactOptionalPropertyTypes: true,
      noEmit: true,
      skipLibCheck: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      types: [],
    },
  );
  const out = new Map<string, string[]>();
  for (const [name, file] of files) {
    const diagnostics = ts.getPreEmitDiagnostics(program, program.getSourceFile(file));
    out.set(
      name,
      diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    );
  }
  return out;
}

describe('Grafana dashboards', () => {
  it('are the models overview, a model, and infrastructure', () => {
    expect(FILES).toEqual(['vigil-infrastructure.json', 'vigil-model.json', 'vigil-models-overview.json']);
    expect(new Set(dashboards.map((d) => d.json.uid)).size).toBe(FILES.length);
  });

  it("type-check against @grafana/schema's Dashboard, and a broken one does not", () => {
    const sources: Record<string, string> = {};
    for (const d of dashboards) sources[d.file.replace('.json', '')] = d.text;
    // Controls: a misspelt field, a string where a number goes, a variable of a type Grafana lacks.
    const broken = JSON.parse(dashboards[0]!.text) as Record<string, unknown> & DashboardJson;
    sources['control-misspelt'] = JSON.stringify({ ...broken, titel: broken.title });
    sources['control-schema-version'] = JSON.stringify({ ...broken, schemaVersion: '39' });
    sources['control-variable-type'] = JSON.stringify({ ...broken, templating: { list: [{ ...broken.templating.list[0], type: 'prometheus' }] } });
    const errors = typeErrors(sources);
    for (const d of dashboards) expect(errors.get(d.file.replace('.json', '')), d.file).toEqual([]);
    for (const control of ['control-misspelt', 'control-schema-version', 'control-variable-type'])
      expect(errors.get(control)!.length, `${control} should not type-check`).toBeGreaterThan(0);
  }, 60_000);

  for (const { file, json } of dashboards) {
    it(`${file}: every panel queries Prometheus through the $datasource variable`, () => {
      const ds = json.templating.list.find((v) => v.name === 'datasource');
      expect(ds).toMatchObject({ type: 'datasource', query: 'prometheus' });
      for (const v of json.templating.list.filter((x) => x.type === 'query')) expect(v.datasource, v.name).toEqual(DATASOURCE);
      const queries = json.panels.filter((p) => p.type !== 'row');
      expect(queries.length).toBeGreaterThanOrEqual(8);
      for (const p of queries) {
        expect(p.datasource, p.title).toEqual(DATASOURCE);
        expect(p.targets?.length, p.title).toBeGreaterThan(0);
        expect(new Set(p.targets!.map((t) => t.refId)).size, p.title).toBe(p.targets!.length);
        for (const t of p.targets!) {
          expect(t.datasource, p.title).toEqual(DATASOURCE);
          expect(t.expr, p.title).toMatch(/\bvigil_|\bup\{/);
        }
      }
    });

    it(`${file}: names only variables it defines, and lays panels out on the 24-column grid without overlap`, () => {
      const defined = new Set([...json.templating.list.map((v) => v.name), '__rate_interval', '__interval', '__range']);
      const text = JSON.stringify(json.panels) + JSON.stringify(json.templating.list.map((v) => v.query));
      for (const m of text.matchAll(/\$\{?([A-Za-z_]\w*)/g)) expect(defined.has(m[1]!), `$${m[1]} is not a variable of ${file}`).toBe(true);
      expect(new Set(json.panels.map((p) => p.id)).size).toBe(json.panels.length);
      const cells = new Map<string, string>();
      for (const p of json.panels) {
        const { x, y, w, h } = p.gridPos;
        expect(x >= 0 && w > 0 && x + w <= 24 && y >= 0 && h > 0, `${p.title} ${JSON.stringify(p.gridPos)}`).toBe(true);
        for (let i = x; i < x + w; i++)
          for (let j = y; j < y + h; j++) {
            const key = `${i},${j}`;
            expect(cells.get(key), `${p.title} overlaps ${cells.get(key)}`).toBeUndefined();
            cells.set(key, p.title);
          }
      }
    });
  }
});
