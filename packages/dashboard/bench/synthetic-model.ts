// A synthetic binary model for the dashboard benchmark: many features, many days of hourly
// buckets, sent through the public API and profiled, so the page reads what a real server holds.

export interface SyntheticOptions {
  /** Model name. */
  readonly model: string;
  /** Numeric features (`n00`, `n01`, …); the rest of `features` are categorical (`c00`, …). */
  readonly numeric: number;
  readonly features: number;
  /** Days of traffic ending at `end`. */
  readonly days: number;
  /** Predictions per hour. */
  readonly perHour: number;
  /** End of the traffic (epoch ms, a whole hour). */
  readonly end: number;
  /** Features that drift over the last third of the days. */
  readonly drifting: readonly string[];
}

const CATEGORIES = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];
const HOUR = 3_600_000;

/** A small deterministic generator (mulberry32), so every run sends the same data. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function normal(u: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

export function featureNames(options: Pick<SyntheticOptions, 'numeric' | 'features'>): string[] {
  return Array.from({ length: options.features }, (_, i) =>
    i < options.numeric ? `n${String(i).padStart(2, '0')}` : `c${String(i - options.numeric).padStart(2, '0')}`,
  );
}

/** One row of features; `drift` in [0, 1] shifts the drifting features. */
function row(u: () => number, names: readonly string[], numeric: number, drifting: ReadonlySet<string>, drift: number): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  names.forEach((name, i) => {
    const shift = drifting.has(name) ? drift : 0;
    if (i < numeric) out[name] = Math.round((10 + i + normal(u) * (1 + i / 10) + shift * 2 * (1 + i / 10)) * 1000) / 1000;
    else out[name] = u() < shift * 0.4 ? 'omega' : CATEGORIES[Math.floor(u() * CATEGORIES.length)]!;
  });
  return out;
}

function scoreOf(features: Record<string, number | string>, names: readonly string[], numeric: number, u: () => number): number {
  let logit = -1;
  for (let i = 0; i < Math.min(numeric, 5); i++) logit += ((features[names[i]!] as number) - (10 + i)) * 0.4;
  logit += normal(u) * 0.3;
  return 1 / (1 + Math.exp(-logit));
}

async function post(url: string, key: string, path: string, body: unknown): Promise<void> {
  const r = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`POST ${path} answered ${r.status}: ${await r.text()}`);
}

/**
 * Creates the model, its reference (2000 rows from the undrifted distribution) and
 * `days × 24 × perHour` predictions with their labels, each stamped inside its hour.
 * Returns the number of predictions sent.
 */
export async function seedSyntheticModel(url: string, key: string, options: SyntheticOptions): Promise<number> {
  const names = featureNames(options);
  const drifting = new Set(options.drifting);
  const types = Object.fromEntries(names.map((n, i) => [n, i < options.numeric ? 'numeric' : 'categorical']));
  await post(url, key, '/v1/models', {
    name: options.model,
    type: 'binary',
    features: types,
    positiveClass: 1,
    description: 'Synthetic model of the dashboard benchmark.',
  });
  const u = rng(7);
  const reference = Array.from({ length: 2000 }, () => {
    const f = row(u, names, options.numeric, drifting, 0);
    const score = scoreOf(f, names, options.numeric, u);
    return { ...f, score, target: u() < score ? 1 : 0 };
  });
  await post(url, key, `/v1/models/${options.model}/reference`, { rows: reference, target: 'target', prediction: 'score' });

  const hours = options.days * 24;
  const start = options.end - hours * HOUR;
  let events: unknown[] = [];
  let labels: unknown[] = [];
  let sent = 0;
  const flush = async (): Promise<void> => {
    if (events.length > 0) await post(url, key, `/v1/models/${options.model}/predictions`, { events });
    if (labels.length > 0) await post(url, key, `/v1/models/${options.model}/labels`, { labels });
    events = [];
    labels = [];
  };
  for (let h = 0; h < hours; h++) {
    const drift = h < (hours * 2) / 3 ? 0 : Math.min(1, (h - (hours * 2) / 3) / (hours / 6));
    for (let i = 0; i < options.perHour; i++) {
      const ts = start + h * HOUR + Math.floor(((i + 0.5) / options.perHour) * HOUR);
      const features = row(u, names, options.numeric, drifting, drift);
      const score = scoreOf(features, names, options.numeric, u);
      const id = `s-${h}-${i}`;
      events.push({ id, timestamp: ts, features, prediction: { label: score >= 0.5 ? 1 : 0, score }, latencyMs: Math.round(20 + 30 * -Math.log(1 - u())) });
      labels.push({ id, label: u() < score ? 1 : 0, timestamp: ts + 60_000 });
      sent++;
      if (events.length === 1000) await flush();
    }
  }
  await flush();
  return sent;
}
