// Channels: where notifications go (webhook, Slack, PagerDuty, Alertmanager, e-mail); create one,
// send it a test notification, delete it. Secrets are write-only: the API never shows them.

import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { CHANNEL_TYPES } from '@vigil/wire';
import type { ChannelInfo, CreateChannel } from '@vigil/wire';
import { useApi } from '../api/api-context.js';
import { createChannel, deleteChannel, listChannels, testChannel } from '../api/alerts.js';
import { ApiError } from '../api/client.js';
import { ScopeNote, useCan } from '../api/key-identity.js';
import { Card } from '../components/card.js';
import { EmptyState } from '../components/empty-state.js';
import { Field, FormErrors } from '../components/field.js';
import { ErrorNote, Loading, errorMessage } from '../components/load-state.js';
import { fieldErrors } from '../forms/field-errors.js';
import type { FormErrors as FormErrorsState } from '../forms/field-errors.js';
import { useAsync } from '../hooks/use-async.js';
import { AlertingUnavailable } from './alerts-page.js';

export function ChannelsPage() {
  const api = useApi();
  const channels = useAsync((signal) => listChannels(api, signal), [api]);
  const [creating, setCreating] = useState(false);
  const canManage = useCan('manage');
  return (
    <>
      <h1 tabIndex={-1}>Channels</h1>
      {channels.status === 'loading' && <Loading what="channels" />}
      {channels.status === 'error' && <ErrorNote error={channels.error} what="channels" />}
      {channels.status === 'done' && !channels.value.available && <AlertingUnavailable />}
      {channels.status === 'done' && channels.value.available && (
        <>
          {canManage ? (
            <div className="toolbar">
              <button type="button" onClick={() => setCreating((c) => !c)} aria-expanded={creating}>
                New channel
              </button>
            </div>
          ) : (
            <ScopeNote action="manage" />
          )}
          {creating && canManage && (
            <ChannelForm
              onDone={() => {
                setCreating(false);
                channels.reload();
              }}
            />
          )}
          {channels.value.value.length === 0 ? (
            <EmptyState title="No channels yet">
              <p>
                A channel is where alerts are sent: a webhook, Slack, PagerDuty, an Alertmanager or e-mail. Create one with "New channel", then name it in a
                monitor.
              </p>
            </EmptyState>
          ) : (
            <Card title={`Channels (${channels.value.value.length})`} testId="channels">
              <ul className="channel-list">
                {channels.value.value.map((c) => (
                  <ChannelItem key={c.name} channel={c} onChanged={channels.reload} />
                ))}
              </ul>
            </Card>
          )}
        </>
      )}
    </>
  );
}

function ChannelItem({ channel, onChanged }: { channel: ChannelInfo; onChanged: () => void }) {
  const api = useApi();
  const canManage = useCan('manage');
  const [result, setResult] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const summary = Object.entries(channel.config)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
    .join(' · ');
  const test = async () => {
    setBusy(true);
    try {
      const r = await testChannel(api, channel.name);
      setResult(r.ok ? `Test sent${r.statusCode === null ? '' : ` (answer ${r.statusCode})`}.` : `Test failed: ${r.error ?? `answer ${r.statusCode ?? '?'}`}`);
    } catch (e) {
      setResult(`Test failed: ${errorMessage(e)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <li data-channel={channel.name}>
      <strong>{channel.name}</strong> <span className="tag">{channel.type}</span> {channel.hasSecret && <span className="tag">secret set</span>}
      <p className="sub">{summary}</p>
      {canManage && (
        <div className="actions">
          <button type="button" disabled={busy} onClick={() => void test()}>
            Send test notification
          </button>
          <button
            type="button"
            onClick={() => {
              if (window.confirm(`Delete channel ${channel.name}?`))
                void deleteChannel(api, channel.name).then(onChanged, (e: unknown) => setResult(errorMessage(e)));
            }}
          >
            Delete
          </button>
        </div>
      )}
      {result !== undefined && (
        <p className="sub" role="status">
          {result}
        </p>
      )}
    </li>
  );
}

type ChannelFields = Record<'name' | 'type' | 'url' | 'secret' | 'routingKey' | 'host' | 'port' | 'user' | 'password' | 'from' | 'to', string>;

const FIELDS_BY_TYPE: Record<(typeof CHANNEL_TYPES)[number], readonly (keyof ChannelFields)[]> = {
  webhook: ['url', 'secret'],
  slack: ['url'],
  pagerduty: ['routingKey', 'url'],
  alertmanager: ['url'],
  email: ['host', 'port', 'user', 'password', 'from', 'to'],
};

const LABELS: Record<keyof ChannelFields, string> = {
  name: 'Name',
  type: 'Type',
  url: 'URL',
  secret: 'Signing secret (optional)',
  routingKey: 'Routing key',
  host: 'SMTP host',
  port: 'Port',
  user: 'User (optional)',
  password: 'Password (optional)',
  from: 'From',
  to: 'To (comma-separated)',
};

function channelBody(f: ChannelFields): CreateChannel {
  const body: Record<string, unknown> = { name: f.name.trim(), type: f.type };
  for (const k of FIELDS_BY_TYPE[f.type as keyof typeof FIELDS_BY_TYPE] ?? []) {
    const v = f[k].trim();
    if (v === '') continue;
    if (k === 'port') body[k] = Number.isFinite(Number(v)) ? Number(v) : v;
    else if (k === 'to')
      body[k] = v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
    else body[k] = v;
  }
  return body as unknown as CreateChannel;
}

function ChannelForm({ onDone }: { onDone: () => void }) {
  const api = useApi();
  const id = useId();
  const [fields, setFields] = useState<ChannelFields>({
    name: '',
    type: 'webhook',
    url: '',
    secret: '',
    routingKey: '',
    host: '',
    port: '587',
    user: '',
    password: '',
    from: '',
    to: '',
  });
  const [errors, setErrors] = useState<FormErrorsState>({ byField: {}, general: [] });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await createChannel(api, channelBody(fields));
      onDone();
    } catch (err) {
      setErrors(
        err instanceof ApiError && err.details.length > 0 ? fieldErrors(err.details, Object.keys(LABELS)) : { byField: {}, general: [errorMessage(err)] },
      );
    }
  };
  const field = (k: keyof ChannelFields) =>
    k === 'type' ? (
      <Field key={k} id={`${id}-${k}`} label={LABELS[k]} error={errors.byField[k]}>
        {(p) => (
          <select {...p} name={k} value={fields.type} onChange={(e) => setFields((f) => ({ ...f, type: e.target.value }))}>
            {CHANNEL_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        )}
      </Field>
    ) : (
      <Field key={k} id={`${id}-${k}`} label={LABELS[k]} error={errors.byField[k]}>
        {(p) => (
          <input
            {...p}
            name={k}
            type={k === 'password' || k === 'secret' ? 'password' : 'text'}
            value={fields[k]}
            onChange={(e) => setFields((f) => ({ ...f, [k]: e.target.value }))}
            autoComplete="off"
          />
        )}
      </Field>
    );
  return (
    <Card title="New channel" testId="channel-form">
      <form onSubmit={(e) => void submit(e)} noValidate className="form-grid">
        <FormErrors messages={errors.general} />
        {field('name')}
        {field('type')}
        {(FIELDS_BY_TYPE[fields.type as keyof typeof FIELDS_BY_TYPE] ?? []).map(field)}
        <div className="actions">
          <button type="submit">Create channel</button>
        </div>
      </form>
    </Card>
  );
}
