// Monitors: what is watched, how it last went, and a form to create or edit one. The server
// validates; its errors appear next to the field they name.

import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { COMPARISONS, DETECTORS, PERFORMANCE_MONITOR_METRICS, SEVERITIES } from '@vigil/wire';
import type { MonitorInfo } from '@vigil/wire';
import { useApi } from '../api/api-context.js';
import { deleteMonitor, listChannels, listMonitors, saveMonitor } from '../api/alerts.js';
import { ApiError } from '../api/client.js';
import { ScopeNote, useCan } from '../api/key-identity.js';
import { listModels } from '../api/models.js';
import { Card } from '../components/card.js';
import { EmptyState } from '../components/empty-state.js';
import { Field, FormErrors } from '../components/field.js';
import { ErrorNote, Loading, errorMessage } from '../components/load-state.js';
import { formatDateTime } from '../format/format-time.js';
import { fieldErrors } from '../forms/field-errors.js';
import type { FormErrors as FormErrorsState } from '../forms/field-errors.js';
import { MONITOR_ERROR_FIELDS, MONITOR_TYPES, TYPE_FIELDS, emptyMonitorFields, errorSlot, monitorBody, monitorFields } from '../forms/monitor-form.js';
import type { MonitorFields, MonitorType } from '../forms/monitor-form.js';
import { useAsync } from '../hooks/use-async.js';
import { Link } from '../routing/router.js';
import { routePath } from '../routing/routes.js';
import { AlertingUnavailable } from './alerts-page.js';
import { ActionError } from '../components/action-error.js';

export function MonitorsPage() {
  const api = useApi();
  const monitors = useAsync((signal) => listMonitors(api, signal), [api]);
  const [editing, setEditing] = useState<MonitorInfo | 'new' | null>(null);
  const [error, setError] = useState<string | undefined>();
  const canManage = useCan('manage');
  return (
    <>
      <h1 tabIndex={-1}>Monitors</h1>
      {monitors.status === 'loading' && <Loading what="monitors" />}
      {monitors.status === 'error' && <ErrorNote error={monitors.error} what="monitors" />}
      {monitors.status === 'done' && !monitors.value.available && <AlertingUnavailable />}
      {monitors.status === 'done' && monitors.value.available && (
        <>
          {canManage ? (
            <div className="toolbar">
              <button type="button" onClick={() => setEditing('new')} aria-expanded={editing === 'new'}>
                New monitor
              </button>
            </div>
          ) : (
            <ScopeNote action="manage" />
          )}
          {editing !== null && canManage && (
            <MonitorForm
              key={editing === 'new' ? 'new' : editing.name}
              existing={editing === 'new' ? undefined : editing}
              onDone={() => {
                setEditing(null);
                monitors.reload();
              }}
              onCancel={() => setEditing(null)}
            />
          )}
          {monitors.value.value.length === 0 ? (
            <EmptyState title="No monitors yet">
              <p>
                A monitor checks one model on a schedule (drift, data quality, performance, latency, volume …) and raises an alert when its condition holds.
                Create one with "New monitor".
              </p>
            </EmptyState>
          ) : (
            <Card title={`Monitors (${monitors.value.value.length})`} testId="monitors">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Model</th>
                    <th scope="col">Type</th>
                    <th scope="col">Health</th>
                    <th scope="col">Last evaluated</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {monitors.value.value.map((m) => (
                    <tr key={m.name} data-monitor={m.name}>
                      <th scope="row">{m.name}</th>
                      <td>
                        <Link to={routePath({ page: 'model', model: m.model })}>{m.model}</Link>
                      </td>
                      <td>{m.type.replace(/_/g, ' ')}</td>
                      <td>
                        {m.health}
                        {m.lastError !== null && <span className="sub">{m.lastError}</span>}
                      </td>
                      <td>{m.lastEvaluatedAt === null ? 'not yet' : formatDateTime(Date.parse(m.lastEvaluatedAt))}</td>
                      <td>
                        {canManage && (
                          <div className="actions">
                            <button type="button" onClick={() => setEditing(m)}>
                              Edit
                            </button>
                            <button
                              type="button"
                              onClick={() => {
                                if (window.confirm(`Delete monitor ${m.name}?`))
                                  void deleteMonitor(api, m.name).then(monitors.reload, (e: unknown) => setError(errorMessage(e)));
                              }}
                            >
                              Delete
                            </button>
                          </div>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <ActionError error={error} />
            </Card>
          )}
        </>
      )}
    </>
  );
}

const LABELS: Record<keyof MonitorFields, string> = {
  name: 'Name',
  model: 'Model',
  type: 'Type',
  window: 'Window',
  interval: 'Evaluate every',
  for: 'Pending for',
  severity: 'Severity',
  channels: 'Channels',
  features: 'Features (comma-separated; all when empty)',
  method: 'Method (Evidently name; default per feature)',
  threshold: 'Threshold',
  minSamples: 'Minimum events in the window',
  maxMissingShare: 'Most missing share',
  maxOutOfRangeShare: 'Most out-of-range share',
  maxNewCategories: 'Most new categories',
  metric: 'Metric',
  conditionOp: 'Fires when the value is',
  conditionValue: 'than',
  relativeDrop: 'Or: drop below the reference by more than',
  minLabels: 'Minimum labels in the window',
  percentile: 'Percentile',
  maxMs: 'Fires above (ms)',
  min: 'Fires below (events per window)',
  max: 'Fires above (events per window)',
  detector: 'Detector',
  aggregation: 'Aggregation',
};

const HINTS: Partial<Record<keyof MonitorFields, string>> = {
  window: 'How much recent data each evaluation judges: 5m, 1h, 1d.',
  for: 'How long the condition must hold before the alert fires (0s: at once).',
  channels: 'Channel names, comma-separated; notified directly.',
};

const OPS: Record<(typeof COMPARISONS)[number], string> = {
  lt: 'less',
  lte: 'less or equal',
  gt: 'greater',
  gte: 'greater or equal',
  eq: 'equal',
  ne: 'not equal',
};

function MonitorForm({ existing, onDone, onCancel }: { existing: MonitorInfo | undefined; onDone: () => void; onCancel: () => void }) {
  const api = useApi();
  const id = useId();
  const models = useAsync((signal) => listModels(api, signal), [api]);
  const channels = useAsync((signal) => listChannels(api, signal), [api]);
  const [fields, setFields] = useState<MonitorFields>(() => (existing === undefined ? emptyMonitorFields() : monitorFields(existing)));
  const [errors, setErrors] = useState<FormErrorsState>({ byField: {}, general: [] });
  const [busy, setBusy] = useState(false);
  const set = (k: keyof MonitorFields) => (e: { target: { value: string } }) => setFields((f) => ({ ...f, [k]: e.target.value }));
  const model = fields.model !== '' ? fields.model : models.status === 'done' ? (models.value[0]?.name ?? '') : '';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await saveMonitor(api, monitorBody({ ...fields, model }), existing?.name);
      onDone();
    } catch (err) {
      setErrors(
        err instanceof ApiError && err.details.length > 0 ? fieldErrors(err.details, MONITOR_ERROR_FIELDS) : { byField: {}, general: [errorMessage(err)] },
      );
    } finally {
      setBusy(false);
    }
  };

  const input = (k: keyof MonitorFields, extra: { type?: string; placeholder?: string } = {}) => (
    <Field
      key={k}
      id={`${id}-${k}`}
      label={LABELS[k]}
      error={k === 'conditionValue' ? undefined : errors.byField[errorSlot(k)]}
      {...(HINTS[k] !== undefined && { hint: HINTS[k] })}
    >
      {(p) => <input {...p} name={k} value={fields[k]} onChange={set(k)} {...extra} />}
    </Field>
  );
  const select = (k: keyof MonitorFields, options: readonly string[], names: Record<string, string> = {}) => (
    <Field key={k} id={`${id}-${k}`} label={LABELS[k]} error={errors.byField[errorSlot(k)]}>
      {(p) => (
        <select {...p} name={k} value={k === 'model' ? model : fields[k]} onChange={set(k)}>
          {options.map((o) => (
            <option key={o} value={o}>
              {names[o] ?? o.replace(/_/g, ' ')}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  const type = fields.type as MonitorType;
  const typeField = (k: keyof MonitorFields) => {
    switch (k) {
      case 'metric':
        return type === 'custom_metric'
          ? input('metric', { placeholder: 'my_business_metric' })
          : select('metric', type === 'estimated_performance' ? ['accuracy', 'precision', 'recall', 'f1', 'roc_auc'] : PERFORMANCE_MONITOR_METRICS);
      case 'conditionOp':
        return select('conditionOp', COMPARISONS, OPS);
      case 'percentile':
        return select('percentile', ['50', '95', '99']);
      case 'detector':
        return select('detector', DETECTORS);
      case 'aggregation':
        return select('aggregation', ['last', 'mean', 'max', 'min', 'sum']);
      default:
        return input(k);
    }
  };

  return (
    <Card title={existing === undefined ? 'New monitor' : `Edit ${existing.name}`} testId="monitor-form">
      <form onSubmit={(e) => void submit(e)} noValidate className="form-grid">
        <FormErrors messages={errors.general} />
        {existing === undefined ? input('name', { placeholder: 'income-drift' }) : null}
        {models.status === 'done' &&
          (models.value.length === 0 ? (
            <p className="note">Create a model first: monitors watch a model.</p>
          ) : (
            select(
              'model',
              models.value.map((m) => m.name),
            )
          ))}
        {select('type', MONITOR_TYPES)}
        {input('window')}
        {input('interval')}
        {input('for')}
        {select('severity', SEVERITIES)}
        {input('channels', { placeholder: channels.status === 'done' && channels.value.available ? channels.value.value.map((c) => c.name).join(', ') : '' })}
        {(TYPE_FIELDS[type] ?? []).map(typeField)}
        <div className="actions">
          <button type="submit" disabled={busy}>
            {existing === undefined ? 'Create monitor' : 'Save'}
          </button>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </Card>
  );
}
