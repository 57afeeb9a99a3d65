// Reference data: what the model is compared with, and replacing it with a file (CSV, NDJSON,
// Parquet) or with the model's own traffic of a past window. The server's validation errors
// appear beside the field they name.

import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useApi } from '../api/api-context.js';
import { ScopeNote, useCan } from '../api/key-identity.js';
import { ApiError } from '../api/client.js';
import { getModel, referenceContentType, referenceFromWindow, uploadReference } from '../api/models.js';
import { Card } from '../components/card.js';
import { EmptyState } from '../components/empty-state.js';
import { Field, FormErrors } from '../components/field.js';
import { ErrorNote, Loading, errorMessage } from '../components/load-state.js';
import { formatCount } from '../format/format-number.js';
import { formatDateTime, fromLocalInput, timeZoneName } from '../format/format-time.js';
import { fieldErrors } from '../forms/field-errors.js';
import type { FormErrors as FormErrorsState } from '../forms/field-errors.js';
import { useAsync } from '../hooks/use-async.js';
import { Link } from '../routing/router.js';
import { routePath } from '../routing/routes.js';

const NO_ERRORS: FormErrorsState = { byField: {}, general: [] };

/** A failed request's errors for a form: field details beside fields, the rest on top. */
function errorsOf(e: unknown, fields: readonly string[]): FormErrorsState {
  if (e instanceof ApiError && e.details.length > 0) return fieldErrors(e.details, fields);
  return { byField: {}, general: [errorMessage(e)] };
}

export function ReferencePage({ model }: { model: string }) {
  const api = useApi();
  const info = useAsync((signal) => getModel(api, model, signal), [api, model]);
  const canManage = useCan('manage');
  return (
    <>
      <nav aria-label="Breadcrumb" className="crumbs">
        <Link to="/">Models</Link> › <Link to={routePath({ page: 'model', model })}>{model}</Link> › <span aria-current="page">Reference data</span>
      </nav>
      <h1 tabIndex={-1}>Reference data of {model}</h1>
      <Card title="Current reference" testId="reference-info">
        {info.status === 'loading' && <Loading what="the model" />}
        {info.status === 'error' && <ErrorNote error={info.error} what="the model" />}
        {info.status === 'done' &&
          (info.value.reference === null ? (
            <EmptyState title="No reference yet">
              <p>
                Drift and data-quality checks compare live traffic with a reference: typically the data the model was validated on. Upload it below, or use a
                past window of the model's own traffic.
              </p>
            </EmptyState>
          ) : (
            <dl className="stats">
              <div>
                <dt>Rows</dt>
                <dd data-testid="reference-rows">{formatCount(info.value.reference.rows)}</dd>
              </div>
              <div>
                <dt>Source</dt>
                <dd>{info.value.reference.source}</dd>
              </div>
              <div>
                <dt>Updated</dt>
                <dd>{formatDateTime(Date.parse(info.value.reference.updatedAt))}</dd>
              </div>
            </dl>
          ))}
      </Card>
      {canManage ? (
        <div className="cards two">
          <UploadForm model={model} onDone={info.reload} />
          <WindowForm model={model} onDone={info.reload} />
        </div>
      ) : (
        <ScopeNote action="manage" />
      )}
    </>
  );
}

const UPLOAD_FIELDS = ['file', 'target', 'prediction'] as const;

function UploadForm({ model, onDone }: { model: string; onDone: () => void }) {
  const api = useApi();
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [target, setTarget] = useState('');
  const [prediction, setPrediction] = useState('');
  const [errors, setErrors] = useState<FormErrorsState>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | undefined>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(undefined);
    if (file === null) return setErrors({ byField: { file: 'Choose a CSV, NDJSON or Parquet file.' }, general: [] });
    const type = referenceContentType(file.name);
    if (type === undefined) return setErrors({ byField: { file: 'The file must end in .csv, .ndjson, .jsonl or .parquet.' }, general: [] });
    setBusy(true);
    try {
      await uploadReference(api, model, file, type, { ...(target !== '' && { target }), ...(prediction !== '' && { prediction }) });
      setErrors(NO_ERRORS);
      setDone(`${file.name} is the new reference.`);
      onDone();
    } catch (err) {
      const mapped = errorsOf(err, UPLOAD_FIELDS);
      // Errors about the body (a bad line, an unreadable file) belong to the file field.
      if (mapped.general.length > 0 && err instanceof ApiError && err.status === 400)
        setErrors({ byField: { ...mapped.byField, file: mapped.byField['file'] ?? mapped.general.join('; ') }, general: [] });
      else setErrors(mapped);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="Replace with a file" testId="reference-upload">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <FormErrors messages={errors.general} />
        <Field
          id={`${id}-file`}
          label="File"
          hint="CSV with a header row, NDJSON (one JSON object per line) or Parquet; one column per feature."
          error={errors.byField['file']}
        >
          {(p) => <input {...p} type="file" accept=".csv,.ndjson,.jsonl,.parquet" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />}
        </Field>
        <Field
          id={`${id}-target`}
          label="Label column (optional)"
          hint="The ground truth, for reference performance and CBPE."
          error={errors.byField['target']}
        >
          {(p) => <input {...p} value={target} onChange={(e) => setTarget(e.target.value)} name="target" />}
        </Field>
        <Field id={`${id}-prediction`} label="Prediction column (optional)" hint="The model's score or prediction." error={errors.byField['prediction']}>
          {(p) => <input {...p} value={prediction} onChange={(e) => setPrediction(e.target.value)} name="prediction" />}
        </Field>
        <button type="submit" disabled={busy}>
          {busy ? 'Uploading…' : 'Upload and replace'}
        </button>
        {done !== undefined && (
          <p className="success" role="status">
            {done}
          </p>
        )}
      </form>
    </Card>
  );
}

const WINDOW_FIELDS = ['window.from', 'window.to'] as const;

function WindowForm({ model, onDone }: { model: string; onDone: () => void }) {
  const api = useApi();
  const id = useId();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [errors, setErrors] = useState<FormErrorsState>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | undefined>();

  // Local input → ISO; anything unreadable goes as typed, and the server says what is wrong with it.
  const iso = (local: string) => {
    const ms = fromLocalInput(local);
    return Number.isFinite(ms) ? new Date(ms).toISOString() : local;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(undefined);
    setBusy(true);
    try {
      await referenceFromWindow(api, model, { from: iso(from), to: iso(to) });
      setErrors(NO_ERRORS);
      setDone('The window is the new reference.');
      onDone();
    } catch (err) {
      setErrors(errorsOf(err, WINDOW_FIELDS));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="Replace with a past window" testId="reference-window">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <p className="note">The model's own predictions (and their labels) of a stable period become the reference. Times are in {timeZoneName()}.</p>
        <FormErrors messages={errors.general} />
        <Field id={`${id}-from`} label="From" error={errors.byField['window.from']}>
          {(p) => <input {...p} type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />}
        </Field>
        <Field id={`${id}-to`} label="To" error={errors.byField['window.to']}>
          {(p) => <input {...p} type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />}
        </Field>
        <button type="submit" disabled={busy}>
          {busy ? 'Replacing…' : 'Use this window'}
        </button>
        {done !== undefined && (
          <p className="success" role="status">
            {done}
          </p>
        )}
      </form>
    </Card>
  );
}
