// Alerts: firing, pending and resolved; acknowledge, resolve by hand, silence from an alert, and
// each alert's timeline. Silences are listed below with a way to expire them. One alert has a page
// of its own (`/alerts/<fingerprint>`), where notifications link. Actions show only for a key that
// may take them (the respond scope).

import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { readableNumber } from '@vigil/core';
import type { AlertInfo, SilenceInfo } from '@vigil/wire';
import { useApi } from '../api/api-context.js';
import {
  acknowledgeAlert,
  alertTimeline,
  createSilence,
  expireSilence,
  getAlert,
  listAlerts,
  listSilences,
  resolveAlert,
  silenceMatchers,
} from '../api/alerts.js';
import { ApiError } from '../api/client.js';
import { ScopeNote, useCan } from '../api/key-identity.js';
import { ActorField, useActor } from '../components/actor-field.js';
import { Card } from '../components/card.js';
import { EmptyState } from '../components/empty-state.js';
import { Field, FormErrors } from '../components/field.js';
import { ErrorNote, Loading, errorMessage } from '../components/load-state.js';
import { formatDateTime } from '../format/format-time.js';
import { timelineText } from '../format/timeline-text.js';
import { fieldErrors } from '../forms/field-errors.js';
import type { FormErrors as FormErrorsState } from '../forms/field-errors.js';
import { useAsync } from '../hooks/use-async.js';
import { Link } from '../routing/router.js';
import { routePath } from '../routing/routes.js';
import { ActionError } from '../components/action-error.js';

export const ALERTING_UNAVAILABLE = 'Alerting is not configured on this server.';

export function AlertingUnavailable() {
  return (
    <EmptyState title={ALERTING_UNAVAILABLE}>
      <p>This Vigil server does not offer the alerting API (monitors, alerts, channels). Upgrade the server to a version with alerting to use this page.</p>
    </EmptyState>
  );
}

const STATES = [
  { state: 'firing', title: 'Firing' },
  { state: 'pending', title: 'Pending' },
  { state: 'resolved', title: 'Resolved' },
] as const;

export function AlertsPage() {
  const api = useApi();
  const alerts = useAsync((signal) => listAlerts(api, signal), [api]);
  const silences = useAsync((signal) => listSilences(api, signal), [api]);
  const [actor, setActor] = useActor();
  const canRespond = useCan('respond');
  const reload = () => {
    alerts.reload();
    silences.reload();
  };
  return (
    <>
      <h1 tabIndex={-1}>Alerts</h1>
      {alerts.status === 'loading' && <Loading what="alerts" />}
      {alerts.status === 'error' && <ErrorNote error={alerts.error} what="alerts" />}
      {alerts.status === 'done' && !alerts.value.available && <AlertingUnavailable />}
      {alerts.status === 'done' && alerts.value.available && (
        <>
          {canRespond ? <ActorField actor={actor} onChange={setActor} /> : <ScopeNote action="respond" />}
          {alerts.value.value.length === 0 && (
            <EmptyState title="No alerts">
              <p>
                Nothing has fired. Alerts come from monitors: <Link to={routePath({ page: 'monitors' })}>create a monitor</Link> for drift, data quality,
                performance, latency or volume, and a <Link to={routePath({ page: 'channels' })}>channel</Link> to be notified.
              </p>
            </EmptyState>
          )}
          {STATES.map(({ state, title }) => {
            const list = alerts.value.available ? alerts.value.value.filter((a) => a.state === state) : [];
            return list.length === 0 ? null : (
              <Card key={state} title={`${title} (${list.length})`} testId={`alerts-${state}`}>
                <ul className="alerts">
                  {list.map((a) => (
                    <AlertItem key={a.fingerprint} alert={a} actor={actor} onActed={setActor} onChanged={reload} />
                  ))}
                </ul>
              </Card>
            );
          })}
        </>
      )}
      {silences.status === 'done' && silences.value.available && <SilenceList silences={silences.value.value} onChanged={reload} />}
      {silences.status === 'error' && <ErrorNote error={silences.error} what="silences" />}
    </>
  );
}

interface AlertItemProps {
  alert: AlertInfo;
  actor: string;
  /** Remembers the name an action was taken as. */
  onActed: (actor: string) => void;
  onChanged: () => void;
  /** Open the timeline at once (the alert's own page). */
  timelineOpen?: boolean;
}

/** One alert: what the Slack message and other notifications link to. Its timeline is open. */
export function AlertPage({ fingerprint }: { fingerprint: string }) {
  const api = useApi();
  const alert = useAsync((signal) => getAlert(api, fingerprint, signal), [api, fingerprint]);
  const [actor, setActor] = useActor();
  const canRespond = useCan('respond');
  return (
    <>
      <nav aria-label="Breadcrumb" className="crumbs">
        <Link to={routePath({ page: 'alerts' })}>Alerts</Link> › <span aria-current="page">{fingerprint}</span>
      </nav>
      <h1 tabIndex={-1}>{alert.status === 'done' && alert.value.available ? (alert.value.value.labels['alertname'] ?? alert.value.value.monitor) : 'Alert'}</h1>
      {alert.status === 'loading' && <Loading what="the alert" />}
      {alert.status === 'error' &&
        (alert.error instanceof ApiError && alert.error.status === 404 ? (
          <EmptyState title="No such alert">
            <p>
              This alert is not on this server (any more). <Link to={routePath({ page: 'alerts' })}>See all alerts</Link>.
            </p>
          </EmptyState>
        ) : (
          <ErrorNote error={alert.error} what="the alert" />
        ))}
      {alert.status === 'done' && !alert.value.available && <AlertingUnavailable />}
      {alert.status === 'done' && alert.value.available && (
        <>
          {canRespond ? <ActorField actor={actor} onChange={setActor} /> : <ScopeNote action="respond" />}
          <ul className="alerts">
            <AlertItem alert={alert.value.value} actor={actor} onActed={setActor} onChanged={alert.reload} timelineOpen />
          </ul>
        </>
      )}
    </>
  );
}

function AlertItem({ alert, actor, onActed, onChanged, timelineOpen = false }: AlertItemProps) {
  const api = useApi();
  const canRespond = useCan('respond');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [showTimeline, setShowTimeline] = useState(timelineOpen);
  const [silencing, setSilencing] = useState(false);
  const name = alert.labels['alertname'] ?? alert.monitor;
  const act = async (what: () => Promise<unknown>) => {
    if (actor.trim() === '') return setError('Fill in "Acting as" first: the name is recorded with the action.');
    setBusy(true);
    setError(undefined);
    try {
      await what();
      onActed(actor.trim());
      onChanged();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className={`alert alert-${alert.state}`} data-fingerprint={alert.fingerprint} data-state={alert.state} data-acknowledged={alert.acknowledged !== null}>
      <div className="alert-head">
        <strong>
          <Link to={routePath({ page: 'alert', fingerprint: alert.fingerprint })}>{name}</Link>
        </strong>{' '}
        on <Link to={routePath({ page: 'model', model: alert.model })}>{alert.model}</Link>
        {alert.labels['feature'] !== undefined && (
          <>
            {' '}
            · feature <Link to={routePath({ page: 'feature', model: alert.model, feature: alert.labels['feature'] })}>{alert.labels['feature']}</Link>
          </>
        )}
        {alert.labels['severity'] !== undefined && <span className={`severity severity-${alert.labels['severity']}`}>{alert.labels['severity']}</span>}
        {alert.silenced && <span className="tag">silenced</span>}
        {alert.inhibited && <span className="tag">inhibited</span>}
      </div>
      {alert.annotations['summary'] !== undefined && <p>{alert.annotations['summary']}</p>}
      <p className="sub">
        value {alert.value === null ? '—' : readableNumber(alert.value)} · active since {formatDateTime(Date.parse(alert.activeAt))}
        {alert.firedAt !== null && ` · fired ${formatDateTime(Date.parse(alert.firedAt))}`}
        {alert.resolvedAt !== null && ` · resolved ${formatDateTime(Date.parse(alert.resolvedAt))}`}
        {alert.acknowledged !== null && ` · acknowledged by ${alert.acknowledged.by} ${formatDateTime(Date.parse(alert.acknowledged.at))}`}
        {alert.annotations['runbook_url'] !== undefined && (
          <>
            {' · '}
            <a href={alert.annotations['runbook_url']} rel="noreferrer" target="_blank">
              runbook
            </a>
          </>
        )}
      </p>
      <div className="actions">
        {canRespond && alert.state !== 'resolved' && alert.acknowledged === null && (
          <button type="button" disabled={busy} onClick={() => void act(() => acknowledgeAlert(api, alert.fingerprint, actor.trim()))}>
            Acknowledge
          </button>
        )}
        {canRespond && alert.state !== 'resolved' && (
          <button type="button" disabled={busy} onClick={() => void act(() => resolveAlert(api, alert.fingerprint, actor.trim()))}>
            Resolve
          </button>
        )}
        {canRespond && (
          <button type="button" aria-expanded={silencing} onClick={() => setSilencing((s) => !s)}>
            Silence…
          </button>
        )}
        <button type="button" aria-expanded={showTimeline} onClick={() => setShowTimeline((s) => !s)}>
          Timeline
        </button>
      </div>
      <ActionError error={error} />
      {silencing && canRespond && <SilenceForm alert={alert} actor={actor} onDone={() => (setSilencing(false), onActed(actor.trim()), onChanged())} />}
      {showTimeline && <Timeline fingerprint={alert.fingerprint} />}
    </li>
  );
}

function Timeline({ fingerprint }: { fingerprint: string }) {
  const api = useApi();
  const timeline = useAsync((signal) => alertTimeline(api, fingerprint, signal), [api, fingerprint]);
  if (timeline.status === 'loading') return <Loading what="the timeline" />;
  if (timeline.status === 'error') return <ErrorNote error={timeline.error} what="the timeline" />;
  return (
    <ol className="timeline">
      {timeline.value.map((e, i) => (
        <li key={i}>
          <time dateTime={e.at}>{formatDateTime(Date.parse(e.at))}</time> {e.kind.replace(/_/g, ' ')} <span className="sub">{timelineText(e)}</span>
        </li>
      ))}
    </ol>
  );
}

const SILENCE_FIELDS = ['matchers', 'duration', 'endsAt', 'comment', 'createdBy'] as const;

function SilenceForm({ alert, actor, onDone }: { alert: AlertInfo; actor: string; onDone: () => void }) {
  const api = useApi();
  const id = useId();
  const [matchers, setMatchers] = useState(silenceMatchers(alert).join('\n'));
  const [duration, setDuration] = useState('2h');
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<FormErrorsState>({ byField: {}, general: [] });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await createSilence(api, {
        matchers: matchers
          .split('\n')
          .map((m) => m.trim())
          .filter((m) => m !== ''),
        duration,
        createdBy: actor.trim(),
        comment,
      });
      onDone();
    } catch (err) {
      setErrors(err instanceof ApiError && err.details.length > 0 ? fieldErrors(err.details, SILENCE_FIELDS) : { byField: {}, general: [errorMessage(err)] });
    }
  };
  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} noValidate aria-label={`Silence ${alert.labels['alertname'] ?? alert.monitor}`}>
      <FormErrors messages={errors.general} />
      <Field id={`${id}-m`} label="Matchers" hint='Alertmanager matchers, one per line: model="credit", feature=~"inc.*"' error={errors.byField['matchers']}>
        {(p) => <textarea {...p} rows={4} value={matchers} onChange={(e) => setMatchers(e.target.value)} />}
      </Field>
      <Field id={`${id}-d`} label="For how long" hint="30m, 2h, 1d" error={errors.byField['duration'] ?? errors.byField['endsAt']}>
        {(p) => <input {...p} value={duration} onChange={(e) => setDuration(e.target.value)} />}
      </Field>
      <Field id={`${id}-c`} label="Why" error={errors.byField['comment']}>
        {(p) => <input {...p} value={comment} onChange={(e) => setComment(e.target.value)} />}
      </Field>
      {errors.byField['createdBy'] !== undefined && (
        <p className="field-error" role="alert">
          Acting as: {errors.byField['createdBy']}
        </p>
      )}
      <button type="submit">Create silence</button>
    </form>
  );
}

function SilenceList({ silences, onChanged }: { silences: readonly SilenceInfo[]; onChanged: () => void }) {
  const api = useApi();
  const canRespond = useCan('respond');
  const [error, setError] = useState<string | undefined>();
  const live = silences.filter((s) => s.state !== 'expired');
  return (
    <Card title={`Silences (${live.length} active or pending)`} testId="silences">
      {live.length === 0 ? (
        <p className="note">No active silences. Silence an alert above to mute its notifications for a while.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Matchers</th>
              <th scope="col">State</th>
              <th scope="col">Until</th>
              <th scope="col">By</th>
              <th scope="col">Why</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {live.map((s) => (
              <tr key={s.id}>
                <td>
                  <code>{s.matchers.join(', ')}</code>
                </td>
                <td>{s.state}</td>
                <td>{formatDateTime(Date.parse(s.endsAt))}</td>
                <td>{s.createdBy}</td>
                <td>{s.comment}</td>
                <td>
                  {canRespond && (
                    <button type="button" onClick={() => void expireSilence(api, s.id).then(onChanged, (e: unknown) => setError(errorMessage(e)))}>
                      Expire
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ActionError error={error} />
    </Card>
  );
}
