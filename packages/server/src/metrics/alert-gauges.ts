// `vigil_alerts{state,severity,project,model}`: how many alerts fire or wait (pending) per model and
// severity, counted from the alert table when /metrics is scraped, with zeros for the models that
// have monitors, so `vigil_alerts{state="firing"} > 0` has a series to compare before anything fires.

import { SEVERITIES } from '@vigil/wire';
import type { Store } from '../storage/store.js';
import { ProjectNames } from './project-names.js';
import type { ServerMetrics } from './server-metrics.js';

const OPEN_STATES = ['firing', 'pending'] as const;

export async function countAlerts(store: Store, metrics: ServerMetrics): Promise<void> {
  const counts = new Map<string, { state: string; severity: string; project: string; model: string; n: number }>();
  const add = (state: string, severity: string, project: string, model: string, n: number) => {
    const key = JSON.stringify([state, severity, project, model]);
    const c = counts.get(key);
    if (c === undefined) counts.set(key, { state, severity, project, model, n });
    else c.n += n;
  };
  const modelNames = new Map<number, string>();
  const projects = new ProjectNames(store);
  for (const projectId of await store.alerting.projectsWithMonitors()) {
    const project = await projects.of(projectId);
    for (const m of await store.alerting.monitors(projectId)) {
      let name = modelNames.get(m.model_id);
      if (name === undefined) {
        name = (await store.modelById(m.model_id))?.name ?? '';
        modelNames.set(m.model_id, name);
      }
      for (const state of OPEN_STATES) for (const severity of SEVERITIES) add(state, severity, project, name, 0);
    }
    for (const state of OPEN_STATES) {
      for (const a of await store.alerting.alerts(projectId, state)) {
        const labels = JSON.parse(a.labels) as Record<string, string>;
        add(state, labels['severity'] ?? '', project, labels['model'] ?? '', 1);
      }
    }
  }
  metrics.alerts.reset();
  for (const c of counts.values()) metrics.alerts.set({ state: c.state, severity: c.severity, project: c.project, model: c.model }, c.n);
}
