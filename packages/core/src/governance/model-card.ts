// Model cards from live data: the Model Card Toolkit's fields (schema 0.0.2: model details,
// parameters, quantitative analysis with confidence intervals and slices, considerations) filled
// from the registry and from what Vigil measured over a window, rendered as JSON, as Markdown with
// Hugging Face model-card YAML front matter, and as HTML. Pure: the server gathers the numbers.

/** One measured (or declared) number, exactly as the API answered it, with how to ask for it again. */
export interface CardMetric {
  /** The metric's API name: accuracy, roc_auc, estimated_accuracy, label_coverage, … */
  readonly metric: string;
  readonly source: 'realized' | 'estimated' | 'declared' | 'fairness';
  /** `overall`, `version=v2`, `segment=region:north`, `group=<attribute>:<value>`, … */
  readonly slice: string;
  readonly value: number | null;
  readonly lower?: number | undefined;
  readonly upper?: number | undefined;
  /** The API request that answers this number (path and query), when there is one. */
  readonly query?: string | undefined;
}

export interface CardDrift {
  readonly feature: string;
  readonly method: string;
  readonly score: number;
  readonly threshold: number;
  readonly drifted: boolean;
}

export interface CardIncident {
  readonly monitor: string;
  readonly state: string;
  readonly severity?: string | undefined;
  readonly activeAt: string;
  readonly firedAt: string | null;
  readonly resolvedAt: string | null;
  readonly acknowledgedBy: string | null;
  readonly acknowledgedAt: string | null;
}

export interface CardChange {
  readonly seq: number;
  readonly time: string;
  readonly action: string;
  readonly entity: string;
  readonly actor: string;
}

export interface CardFairness {
  readonly attribute: string;
  readonly metric: string;
  readonly value: number | null;
  readonly byGroup: Readonly<Record<string, number>>;
  readonly groups: Readonly<Record<string, number>>;
  /** Two-proportion z-test p-value of the largest gap, when computed. */
  readonly pValue?: number | null | undefined;
  readonly threshold?: number | undefined;
  readonly fails?: boolean | undefined;
}

export interface CardVersion {
  readonly version: string;
  readonly registered: boolean;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly description: string | null;
  readonly artifactUri: string | null;
  readonly artifactDigest: string | null;
  readonly trainingDatasetDigest: string | null;
  readonly referenceDatasetDigest: string | null;
  readonly codeCommit: string | null;
  readonly parameters: Readonly<Record<string, string | number | boolean | null>>;
  readonly metrics: Readonly<Record<string, number>>;
  readonly tags: Readonly<Record<string, string>>;
  readonly aliases: readonly string[];
}

/** Everything a card is made of. */
export interface ModelCardInput {
  readonly model: {
    readonly name: string;
    readonly type: string;
    readonly description: string | null;
    readonly features: Readonly<Record<string, string>>;
    readonly createdAt: string;
    readonly project: string;
  };
  readonly generatedAt: string;
  readonly window: { readonly from: string; readonly to: string };
  readonly versions: readonly CardVersion[];
  readonly aliases: readonly { readonly alias: string; readonly version: string; readonly trafficShare: number | null }[];
  readonly reference: { readonly rows: number; readonly source: string; readonly updatedAt: string } | null;
  readonly metrics: readonly CardMetric[];
  readonly drift: { readonly share: number; readonly datasetDrift: boolean; readonly rows: number; readonly features: readonly CardDrift[] } | null;
  readonly dataQuality: readonly { readonly feature: string; readonly missingShare: number | null; readonly query: string }[];
  readonly fairness: readonly CardFairness[];
  readonly incidents: readonly CardIncident[];
  readonly changes: readonly CardChange[];
}

/** A Model Card Toolkit performance metric: value and bounds are strings, the slice names the subgroup. */
export interface MctPerformanceMetric {
  readonly type: string;
  readonly value: string;
  readonly slice: string;
  readonly confidence_interval?: { readonly lower_bound: string; readonly upper_bound: string };
}

/** The card: Model Card Toolkit schema 0.0.2 fields, plus `vigil` with the exact numbers and their sources. */
export interface ModelCard {
  readonly schema_version: '0.0.2';
  readonly model_details: {
    readonly name: string;
    readonly overview: string;
    readonly owners: readonly { readonly name: string; readonly contact: string }[];
    readonly version: { readonly name: string; readonly date: string; readonly diff: string };
    readonly licenses: readonly { readonly identifier?: string; readonly custom_text?: string }[];
    readonly references: readonly { readonly reference: string }[];
    readonly path: string;
  };
  readonly model_parameters: {
    readonly model_architecture: string;
    readonly data: readonly {
      readonly name: string;
      readonly link: string;
      readonly description: string;
      readonly sensitive: { readonly sensitive_data: readonly string[] };
    }[];
    readonly input_format: string;
    readonly input_format_map: readonly { readonly key: string; readonly value: string }[];
    readonly output_format: string;
  };
  readonly quantitative_analysis: {
    readonly performance_metrics: readonly MctPerformanceMetric[];
    readonly graphics: { readonly description: string; readonly collection: readonly { readonly name: string; readonly image: string }[] };
  };
  readonly considerations: {
    readonly users: readonly { readonly description: string }[];
    readonly use_cases: readonly { readonly description: string }[];
    readonly limitations: readonly { readonly description: string }[];
    readonly tradeoffs: readonly { readonly description: string }[];
    readonly ethical_considerations: readonly { readonly name: string; readonly mitigation_strategy: string }[];
  };
  readonly vigil: ModelCardInput;
}

const OUTPUT_FORMAT: Record<string, string> = {
  binary: 'A class label and the score (probability) of the positive class',
  multiclass: 'A class label and optional per-class scores',
  regression: 'A number',
  ranking: 'A relevance score per item',
};

const TASK: Record<string, string> = {
  binary: 'tabular-classification',
  multiclass: 'tabular-classification',
  regression: 'tabular-regression',
  ranking: 'text-ranking',
};

/** The current version: the champion alias's, else the latest registered, else the latest seen. */
export function currentVersion(input: Pick<ModelCardInput, 'versions' | 'aliases'>): CardVersion | undefined {
  const champion = input.aliases.find((a) => a.alias === 'champion');
  return input.versions.find((v) => v.version === champion?.version) ?? [...input.versions].reverse().find((v) => v.registered) ?? input.versions.at(-1);
}

const num = (v: number): string => String(v);

/** Builds the card from measured and registered facts. */
export function buildModelCard(input: ModelCardInput): ModelCard {
  const version = currentVersion(input);
  const performance: MctPerformanceMetric[] = input.metrics
    .filter((m) => m.value !== null)
    .map((m) => ({
      type: m.source === 'declared' ? `declared_${m.metric}` : m.metric,
      value: num(m.value as number),
      slice: m.slice,
      ...(m.lower !== undefined && m.upper !== undefined ? { confidence_interval: { lower_bound: num(m.lower), upper_bound: num(m.upper) } } : {}),
    }));
  for (const f of input.fairness) {
    if (f.value !== null) performance.push({ type: f.metric, value: num(f.value), slice: `attribute=${f.attribute}` });
    for (const [g, v] of Object.entries(f.byGroup)) performance.push({ type: 'selection_rate', value: num(v), slice: `${f.attribute}=${g}` });
  }
  const limitations: { description: string }[] = [];
  const coverage = input.metrics.find((m) => m.metric === 'label_coverage' && m.slice === 'overall');
  if (coverage?.value !== null && coverage?.value !== undefined && coverage.value < 1)
    limitations.push({
      description: `Ground truth arrived for ${(coverage.value * 100).toFixed(1)} % of predictions in the window; realized metrics rest on those.`,
    });
  if (input.drift !== null && input.drift.datasetDrift)
    limitations.push({
      description: `Production data drifted from the reference in the window: ${input.drift.features
        .filter((f) => f.drifted)
        .map((f) => f.feature)
        .join(', ')} (share ${input.drift.share}).`,
    });
  if (input.reference === null) limitations.push({ description: 'No reference data: drift and estimated performance are not measured.' });
  const ethical = input.fairness.map((f) => ({
    name: `${f.metric} over ${f.attribute}: ${f.value === null ? 'not measurable' : num(f.value)}${f.fails === true ? ' (fails the threshold)' : ''}`,
    mitigation_strategy:
      f.fails === true ? 'Investigate the groups with the lowest rates; a fairness monitor alerts on this gap.' : 'Watched by a fairness monitor.',
  }));
  const useCase = version?.tags['intended_use'] ?? version?.tags['use_case'];
  return {
    schema_version: '0.0.2',
    model_details: {
      name: input.model.name,
      overview: input.model.description ?? version?.description ?? `A ${input.model.type} model monitored by Vigil.`,
      owners: [{ name: input.model.project, contact: version?.tags['owner'] ?? '' }],
      version: { name: version?.version ?? '', date: version?.createdAt ?? input.model.createdAt, diff: version?.description ?? '' },
      licenses: version?.tags['license'] === undefined ? [] : [{ identifier: version.tags['license'] }],
      references: version?.artifactUri === null || version?.artifactUri === undefined ? [] : [{ reference: version.artifactUri }],
      path: version?.artifactUri ?? '',
    },
    model_parameters: {
      model_architecture: version?.parameters['architecture'] === undefined ? input.model.type : String(version.parameters['architecture']),
      data: [
        ...(version?.trainingDatasetDigest === null || version?.trainingDatasetDigest === undefined
          ? []
          : [{ name: 'training', link: version.trainingDatasetDigest, description: 'Training dataset (digest)', sensitive: { sensitive_data: [] } }]),
        ...(input.reference === null
          ? []
          : [
              {
                name: 'reference',
                link: version?.referenceDatasetDigest ?? '',
                description: `Reference data, ${input.reference.rows} rows from ${input.reference.source}, updated ${input.reference.updatedAt}`,
                sensitive: { sensitive_data: input.fairness.map((f) => f.attribute) },
              },
            ]),
        {
          name: 'production',
          link: '',
          description: `Production traffic from ${input.window.from} to ${input.window.to}`,
          sensitive: { sensitive_data: input.fairness.map((f) => f.attribute) },
        },
      ],
      input_format: 'A record of named features',
      input_format_map: Object.entries(input.model.features).map(([key, value]) => ({ key, value })),
      output_format: OUTPUT_FORMAT[input.model.type] ?? input.model.type,
    },
    quantitative_analysis: {
      performance_metrics: performance,
      graphics: { description: 'Charts are on the dashboard; the numbers here are the API’s for the same window.', collection: [] },
    },
    considerations: {
      users: version?.tags['users'] === undefined ? [] : [{ description: version.tags['users'] }],
      use_cases: useCase === undefined ? [] : [{ description: useCase }],
      limitations,
      tradeoffs: [],
      ethical_considerations: ethical,
    },
    vigil: input,
  };
}

// --- rendering ---

/** A YAML scalar: numbers and booleans as they are, strings in JSON's double quotes (valid YAML). */
function yamlScalar(v: unknown): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '.nan';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v === null || v === undefined) return 'null';
  return JSON.stringify(String(v));
}

function yaml(value: unknown, indent: string): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return ' []';
    return value
      .map((item) => {
        if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
          const lines = yaml(item, `${indent}  `)
            .split('\n')
            .filter((l) => l !== '');
          return `\n${indent}- ${lines[0]!.trimStart()}${lines.length > 1 ? `\n${lines.slice(1).join('\n')}` : ''}`;
        }
        return `\n${indent}- ${yamlScalar(item)}`;
      })
      .join('');
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => {
        const key = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(k) ? k : JSON.stringify(k);
        if (v !== null && typeof v === 'object') return `\n${indent}${key}:${yaml(v, `${indent}  `)}`;
        return `\n${indent}${key}: ${yamlScalar(v)}`;
      })
      .join('');
  }
  return ` ${yamlScalar(value)}`;
}

/** The Hugging Face model-card metadata: tags, datasets, metrics and a model-index of the measured results. */
export function huggingFaceMetadata(card: ModelCard): Record<string, unknown> {
  const input = card.vigil;
  const measured = input.metrics.filter((m) => m.slice === 'overall' && m.value !== null && (m.source === 'realized' || m.source === 'estimated'));
  const version = currentVersion(input);
  const meta: Record<string, unknown> = {
    tags: ['vigil', 'model-card', input.model.type],
    ...(version?.tags['license'] === undefined ? {} : { license: version.tags['license'] }),
    ...(version?.trainingDatasetDigest === null || version?.trainingDatasetDigest === undefined ? {} : { datasets: [version.trainingDatasetDigest] }),
    metrics: [...new Set(measured.map((m) => m.metric))],
    'model-index': [
      {
        name: input.model.name,
        results: [
          {
            task: { type: TASK[input.model.type] ?? 'other', name: `${input.model.type} model` },
            dataset: { type: 'production', name: `${input.model.name} production traffic`, split: `${input.window.from}/${input.window.to}` },
            metrics: measured.map((m) => ({ type: m.metric, value: m.value, name: `${m.source} ${m.metric}`, verified: false })),
          },
        ],
      },
    ],
  };
  return meta;
}

function mdCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '_None._\n';
  return `| ${head.join(' | ')} |\n|${head.map(() => ' --- ').join('|')}|\n${rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`).join('\n')}\n`;
}

const show = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : String(v));

/** Sections shared by the Markdown and HTML renderings: a title and a Markdown body per section. */
function sections(card: ModelCard): { title: string; body: string }[] {
  const input = card.vigil;
  const d = card.model_details;
  const out: { title: string; body: string }[] = [];
  out.push({
    title: 'Model details',
    body:
      `${d.overview}\n\n` +
      table(
        ['Field', 'Value'],
        [
          ['Name', d.name],
          ['Type', input.model.type],
          ['Project', input.model.project],
          ['Current version', d.version.name === '' ? '—' : d.version.name],
          ['Version date', d.version.date],
          ['Artifact', d.path === '' ? '—' : d.path],
          ['License', d.licenses.map((l) => l.identifier ?? l.custom_text ?? '').join(', ') || '—'],
          ['Card window', `${input.window.from} to ${input.window.to}`],
          ['Generated', input.generatedAt],
        ],
      ),
  });
  out.push({
    title: 'Versions and deployments',
    body:
      table(
        ['Version', 'Registered', 'Created', 'By', 'Training data', 'Reference data', 'Commit', 'Aliases', 'Declared metrics'],
        input.versions.map((v) => [
          v.version,
          v.registered ? 'yes' : 'no (first seen in events)',
          v.createdAt,
          v.createdBy,
          v.trainingDatasetDigest ?? '—',
          v.referenceDatasetDigest ?? '—',
          v.codeCommit ?? '—',
          v.aliases.join(', ') || '—',
          Object.entries(v.metrics)
            .map(([k, x]) => `${k} ${x}`)
            .join(', ') || '—',
        ]),
      ) +
      '\n' +
      table(
        ['Alias', 'Version', 'Traffic share'],
        input.aliases.map((a) => [a.alias, a.version, show(a.trafficShare)]),
      ),
  });
  out.push({
    title: 'Model parameters',
    body:
      `Output: ${card.model_parameters.output_format}.\n\n` +
      table(
        ['Feature', 'Type'],
        card.model_parameters.input_format_map.map((f) => [f.key, f.value]),
      ) +
      '\n' +
      table(
        ['Data', 'Description', 'Link'],
        card.model_parameters.data.map((x) => [x.name, x.description, x.link || '—']),
      ),
  });
  out.push({
    title: 'Quantitative analysis',
    body:
      'Every number is the API’s answer to the request beside it, over the card window.\n\n' +
      table(
        ['Metric', 'Source', 'Slice', 'Value', '95 % interval', 'Request'],
        input.metrics.map((m) => [
          m.metric,
          m.source,
          m.slice,
          show(m.value),
          m.lower === undefined || m.upper === undefined ? '—' : `${m.lower} – ${m.upper}`,
          m.query === undefined ? '—' : `\`${m.query}\``,
        ]),
      ),
  });
  out.push({
    title: 'Drift',
    body:
      input.drift === null
        ? '_Not measured (no reference data, or no traffic in the window)._\n'
        : `Share of drifted features: ${input.drift.share} (${input.drift.datasetDrift ? 'dataset drift' : 'no dataset drift'}), over ${input.drift.rows} rows.\n\n` +
          table(
            ['Feature', 'Method', 'Score', 'Threshold', 'Drifted'],
            input.drift.features.map((f) => [f.feature, f.method, String(f.score), String(f.threshold), f.drifted ? 'yes' : 'no']),
          ),
  });
  out.push({
    title: 'Data quality',
    body: table(
      ['Feature', 'Missing share', 'Request'],
      input.dataQuality.map((q) => [q.feature, show(q.missingShare), `\`${q.query}\``]),
    ),
  });
  out.push({
    title: 'Fairness',
    body:
      input.fairness.length === 0
        ? '_No sensitive attribute is watched: add a fairness monitor to measure one._\n'
        : table(
            ['Attribute', 'Metric', 'Value', 'p-value', 'Threshold', 'Per group (rate, n)'],
            input.fairness.map((f) => [
              f.attribute,
              f.metric,
              show(f.value),
              show(f.pValue),
              show(f.threshold),
              Object.entries(f.byGroup)
                .map(([g, r]) => `${g}: ${r} (n ${f.groups[g] ?? 0})`)
                .join('; '),
            ]),
          ),
  });
  out.push({
    title: 'Incidents',
    body: table(
      ['Monitor', 'State', 'Active since', 'Fired', 'Acknowledged', 'Resolved'],
      input.incidents.map((i) => [
        i.monitor,
        i.state,
        i.activeAt,
        i.firedAt ?? '—',
        i.acknowledgedBy === null ? '—' : `${i.acknowledgedBy} at ${i.acknowledgedAt ?? ''}`,
        i.resolvedAt ?? '—',
      ]),
    ),
  });
  out.push({
    title: 'Considerations',
    body:
      '**Limitations**\n\n' +
      (card.considerations.limitations.map((l) => `- ${l.description}`).join('\n') || '_None recorded._') +
      '\n\n**Ethical considerations**\n\n' +
      (card.considerations.ethical_considerations.map((e) => `- ${e.name}: ${e.mitigation_strategy}`).join('\n') || '_None recorded._') +
      '\n\n**Intended use**\n\n' +
      (card.considerations.use_cases.map((u) => `- ${u.description}`).join('\n') || '_Not declared (tag a version with `intended_use`)._') +
      '\n',
  });
  out.push({
    title: 'Changes in the window',
    body: table(
      ['Seq', 'Time', 'Action', 'Entity', 'By'],
      input.changes.map((c) => [String(c.seq), c.time, c.action, c.entity, c.actor]),
    ),
  });
  return out;
}

/** The card as Markdown with Hugging Face model-card YAML front matter. */
export function modelCardMarkdown(card: ModelCard): string {
  const front = `---${yaml(huggingFaceMetadata(card), '')}\n---\n\n`;
  return `${front}# Model card: ${card.model_details.name}\n\n${sections(card)
    .map((s) => `## ${s.title}\n\n${s.body}`)
    .join('\n')}`;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Markdown of the small kind the sections use (tables, bullets, bold, code) as HTML. */
function markdownToHtml(md: string): string {
  const inline = (s: string) =>
    escapeHtml(s)
      .replace(/\\\|/g, '|')
      .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
      .replace(/`([^`]+)`/g, '<code>$1</code>')
      .replace(/(^|\s)_([^_]+)_(?=\s|$|[.,])/g, '$1<em>$2</em>');
  const out: string[] = [];
  const lines = md.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.startsWith('| ') && lines[i + 1]?.startsWith('| ---')) {
      const cells = (l: string) =>
        l
          .slice(2, -2)
          .split(/(?<!\\)\|/)
          .map((c) => c.trim());
      out.push(
        `<table><thead><tr>${cells(line)
          .map((c) => `<th>${inline(c)}</th>`)
          .join('')}</tr></thead><tbody>`,
      );
      i += 2;
      while (i < lines.length && (lines[i] as string).startsWith('| ')) {
        out.push(
          `<tr>${cells(lines[i] as string)
            .map((c) => `<td>${inline(c)}</td>`)
            .join('')}</tr>`,
        );
        i++;
      }
      i--;
      out.push('</tbody></table>');
    } else if (line.startsWith('- ')) {
      out.push(`<ul><li>${inline(line.slice(2))}</li></ul>`);
    } else if (line.trim() !== '') out.push(`<p>${inline(line)}</p>`);
  }
  return out.join('\n').replace(/<\/ul>\n<ul>/g, '\n');
}

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#1f2328}table{border-collapse:collapse;margin:.5rem 0 1rem}th,td{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:left;vertical-align:top}th{background:#f6f8fa}code{font-size:.85em}';

/** A whole HTML page of sections (no script, no external resource). */
export function htmlPage(title: string, parts: readonly { title: string; body: string }[]): string {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>\n<h1>${escapeHtml(title)}</h1>\n${parts
    .map((s) => `<section><h2>${escapeHtml(s.title)}</h2>\n${markdownToHtml(s.body)}</section>`)
    .join('\n')}\n</body></html>\n`;
}

/** The card as one HTML page. */
export function modelCardHtml(card: ModelCard): string {
  return htmlPage(`Model card: ${card.model_details.name}`, sections(card));
}
