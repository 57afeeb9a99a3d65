// The demo's scripted story in simulated time: when drift, a new category, missing values and a
// concept change arrive, how much traffic flows, and when each label becomes known. Pure and seeded.

import { createRng, fmix32 } from '@vigil/stats';
import type { Rng } from '@vigil/stats';
import { UsageError } from '../errors.js';
import { DEMO_MODEL, REFERENCE_CONDITIONS, simulateApplication } from './demo-model.js';
import type { DemoConditions, DemoFeatureValue } from './demo-model.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** What a phase changes. */
export type DemoPhaseKind = 'reference' | 'covariate-drift' | 'new-category' | 'missing-values' | 'concept-change';

/**
 * One step of the story. A change ramps in linearly over [startMs, endMs) of simulated time (from
 * the story's start) and then stays; the reference phase is the stable window before any change.
 */
export interface DemoPhase {
  readonly kind: DemoPhaseKind;
  readonly startMs: number;
  readonly endMs: number;
  /** The features it touches (none for the reference window and the concept change). */
  readonly features: readonly string[];
  /** One line for people, e.g. printed by the runner when the phase starts. */
  readonly description: string;
}

/** The story, as data. docs/demo.md tells it in prose. */
export const DEMO_PHASES: readonly DemoPhase[] = Object.freeze([
  {
    kind: 'reference',
    startMs: 0,
    endMs: 40 * MINUTE,
    features: [],
    description: 'Stable traffic: this window is the reference every monitor compares with.',
  },
  {
    kind: 'covariate-drift',
    startMs: 40 * MINUTE,
    endMs: 90 * MINUTE,
    features: ['income', 'utilization'],
    description: 'A new partner channel brings thin-file applicants: income drifts down (median −26 %), credit utilization drifts down.',
  },
  {
    kind: 'new-category',
    startMs: 50 * MINUTE,
    endMs: 90 * MINUTE,
    features: ['purpose'],
    description: "A new loan purpose, 'crypto', appears and grows to 15 % of applications.",
  },
  {
    kind: 'missing-values',
    startMs: 105 * MINUTE,
    endMs: 110 * MINUTE,
    features: ['months_employed'],
    description: 'A feature-pipeline fault: months_employed arrives null for 30 % of applications (2 % before).',
  },
  {
    kind: 'concept-change',
    startMs: 135 * MINUTE,
    endMs: 145 * MINUTE,
    features: [],
    description:
      'Rates rise: debt-to-income, long terms, self-employed/contract work and crypto loans now predict default far more. Scores do not move; realized accuracy falls as labels arrive.',
  },
] satisfies DemoPhase[]);

/**
 * The features the story drifts, which a drift monitor comparing a window after the drift with the
 * reference window should flag, and only them. `months_employed` is not one: its missing share
 * rises but its non-missing values keep their distribution (a data-quality alert, not drift).
 */
export const DRIFTED_FEATURES: readonly string[] = Object.freeze(['income', 'utilization', 'purpose']);

/** Simulated length of the story: 6 hours (6 real minutes at `--speed 60`). */
export const DEMO_DURATION_MS = 6 * HOUR;
/** The simulated wall-clock hour at which the story starts; traffic follows the time of day from there. */
export const DEMO_START_HOUR = 8;
/** Labels arrive between these delays after their prediction (simulated ms)… */
export const LABEL_DELAY_MIN_MS = 30 * MINUTE;
export const LABEL_DELAY_MAX_MS = 180 * MINUTE;
/** …except this share, whose outcome never becomes known. */
export const LABEL_NEVER_SHARE = 0.05;

/** One prediction of the demo model, as the runner sends it (time in simulated ms from the story's start). */
export interface DemoEvent {
  /** Unique within a story and the same for the same seed; a prediction id for the label join. */
  id: string;
  simTimeMs: number;
  features: Record<string, DemoFeatureValue>;
  prediction: { label: 0 | 1; score: number };
  latencyMs: number;
  /** The true outcome (1 = default). Send it only once `labelAtSimMs` is reached. */
  label: 0 | 1;
  /** When the label becomes known; null if it never does. It may fall after the story's end. */
  labelAtSimMs: number | null;
  segment: { region: string };
}

export interface DemoStoryOptions {
  /** Seed of the whole story (a non-negative 32-bit integer, default 1). */
  seed?: number;
}

export interface DemoStory {
  readonly seed: number;
  readonly phases: readonly DemoPhase[];
  readonly durationMs: number;
  /**
   * Events with simTimeMs in [fromSimMs, toSimMs) ∩ [0, durationMs), in time order. Each simulated
   * minute is drawn from its own seed, so any split of a range gives the same events.
   */
  events(fromSimMs: number, toSimMs: number): DemoEvent[];
  /**
   * Traffic after the story: events with simTimeMs in [fromSimMs, toSimMs) ∩ [durationMs, ∞), in
   * the world as the story left it (every change in) and on the same daily rhythm, drawn minute by
   * minute as `events` draws them. The demo keeps sending it once the story is over.
   */
  eventsAfter(fromSimMs: number, toSimMs: number): DemoEvent[];
  /** The conditions the model's world is in at a simulated time. */
  conditionsAt(simMs: number): DemoConditions;
  /** Expected traffic, in events per simulated minute, at a simulated time. */
  rateAt(simMs: number): number;
}

const ramp = (t: number, phase: DemoPhase): number => (t < phase.startMs ? 0 : t >= phase.endMs ? 1 : (t - phase.startMs) / (phase.endMs - phase.startMs));

function phaseOf(kind: DemoPhaseKind): DemoPhase {
  return DEMO_PHASES.find((p) => p.kind === kind) as DemoPhase;
}

/** The world's conditions at simulated time `t`, from the phases' ramps. */
export function demoConditionsAt(t: number): DemoConditions {
  const missing = ramp(t, phaseOf('missing-values'));
  return {
    covariateDrift: ramp(t, phaseOf('covariate-drift')),
    newPurposeShare: DEMO_MODEL.newPurposeShareAfter * ramp(t, phaseOf('new-category')),
    monthsEmployedMissing:
      REFERENCE_CONDITIONS.monthsEmployedMissing + (DEMO_MODEL.monthsEmployedMissingAfter - REFERENCE_CONDITIONS.monthsEmployedMissing) * missing,
    conceptChange: ramp(t, phaseOf('concept-change')),
  };
}

/**
 * Expected events per simulated minute: a daily rhythm, 25 at 02:00 rising to 95 at 14:00
 * (60 when the story starts at 08:00, 95 when it ends at 14:00).
 */
export function demoRateAt(t: number): number {
  const hour = DEMO_START_HOUR + t / HOUR;
  return 60 + 35 * Math.cos((2 * Math.PI * (hour - 14)) / 24);
}

// murmur3's finalizer spreads (seed, minute) into an independent-looking 32-bit seed.
function minuteSeed(seed: number, minute: number): number {
  return fmix32(fmix32(seed ^ 0x5bd1e995) ^ Math.imul(minute + 1, 0x9e3779b1));
}

// Knuth's multiplication method: exact Poisson draws, fine for the rates here (under 100).
function poisson(rng: Rng, lambda: number): number {
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rng.next();
  while (p > limit) {
    k++;
    p *= rng.next();
  }
  return k;
}

// Label delays lean short (median 67 min): most outcomes are known within the hour or two.
function labelDelayMs(rng: Rng): number | null {
  const never = rng.next() < LABEL_NEVER_SHARE;
  const u = rng.next();
  if (never) return null;
  return Math.round(LABEL_DELAY_MIN_MS + (LABEL_DELAY_MAX_MS - LABEL_DELAY_MIN_MS) * u * u);
}

function minuteEvents(seed: number, minute: number): DemoEvent[] {
  const rng = createRng(minuteSeed(seed, minute));
  const start = minute * MINUTE;
  const n = poisson(rng, demoRateAt(start + MINUTE / 2));
  const offsets: number[] = [];
  for (let i = 0; i < n; i++) offsets.push(Math.floor(rng.next() * MINUTE));
  offsets.sort((a, b) => a - b);
  const events: DemoEvent[] = [];
  for (let i = 0; i < n; i++) {
    const simTimeMs = start + (offsets[i] as number);
    const draw = simulateApplication(rng, demoConditionsAt(simTimeMs));
    const delay = labelDelayMs(rng);
    events.push({
      id: `demo-${seed}-${String(minute).padStart(4, '0')}-${String(i).padStart(3, '0')}`,
      simTimeMs,
      features: draw.features,
      prediction: draw.prediction,
      latencyMs: draw.latencyMs,
      label: draw.label,
      labelAtSimMs: delay === null ? null : simTimeMs + delay,
      segment: { region: draw.features.region as string },
    });
  }
  return events;
}

// Events of [fromSimMs, toSimMs) ∩ [lo, hi), minute by minute.
function eventsIn(seed: number, fromSimMs: number, toSimMs: number, lo: number, hi: number): DemoEvent[] {
  if (!(Number.isFinite(fromSimMs) && Number.isFinite(toSimMs) && fromSimMs <= toSimMs)) {
    throw new UsageError('events range', 'finite fromSimMs ≤ toSimMs', `[${fromSimMs}, ${toSimMs})`);
  }
  const from = Math.max(lo, fromSimMs);
  const to = Math.min(hi, toSimMs);
  const out: DemoEvent[] = [];
  for (let minute = Math.floor(from / MINUTE); minute * MINUTE < to; minute++) {
    for (const e of minuteEvents(seed, minute)) if (e.simTimeMs >= from && e.simTimeMs < to) out.push(e);
  }
  return out;
}

/**
 * The demo story for a seed: its phases, its length, and its events for any range of simulated
 * time, the same for the same seed however the range is split into calls.
 */
export function createDemoStory(options: DemoStoryOptions = {}): DemoStory {
  const seed = options.seed ?? 1;
  if (!(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff)) throw new UsageError('seed', 'an integer in [0, 4294967295]', String(seed));
  const durationMs = DEMO_DURATION_MS;
  return {
    seed,
    phases: DEMO_PHASES,
    durationMs,
    events: (fromSimMs, toSimMs) => eventsIn(seed, fromSimMs, toSimMs, 0, durationMs),
    eventsAfter: (fromSimMs, toSimMs) => eventsIn(seed, fromSimMs, toSimMs, durationMs, Infinity),
    conditionsAt: demoConditionsAt,
    rateAt: demoRateAt,
  };
}
