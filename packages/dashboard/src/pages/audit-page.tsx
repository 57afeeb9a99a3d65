// The audit log: the project's recent entries (seq, time, actor, action, entity), filtered by
// entity and actor (kept in the URL), the signed tree head with its signature checked here, and
// for each entry an inclusion proof from GET /v1/audit/proof checked in the browser against that
// signed root.

import { useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import type { AuditEntryWire, TreeHead } from '@vigil/wire';
import { useApi } from '../api/api-context.js';
import { auditInclusionProof, listAudit } from '../api/audit.js';
import { Card } from '../components/card.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorNote, Loading, errorMessage } from '../components/load-state.js';
import { formatCount } from '../format/format-number.js';
import { formatDateTime } from '../format/format-time.js';
import { checkInclusion, verifyTreeHead } from '../governance/audit-check.js';
import type { InclusionCheck, SignatureStatus } from '../governance/audit-check.js';
import { useAsync } from '../hooks/use-async.js';
import { navigate, useLocation } from '../routing/router.js';

const LIMIT = 100;

function actorText(e: AuditEntryWire): string {
  return e.actor.type === 'key' ? `${e.actor.name} (key ${e.actor.id})` : `${e.actor.name} (system)`;
}

function entityText(e: AuditEntryWire): string {
  return `${e.entity.type}:${e.entity.id}${e.entity.model === undefined ? '' : ` (model ${e.entity.model})`}`;
}

export function AuditPage() {
  const api = useApi();
  const { search } = useLocation();
  const params = new URLSearchParams(search);
  const entity = params.get('entity') ?? '';
  const actor = params.get('actor') ?? '';
  const log = useAsync((signal) => listAudit(api, { entity, actor, limit: LIMIT }, signal), [api, entity, actor]);
  return (
    <>
      <h1 tabIndex={-1}>Audit log</h1>
      <p className="note">
        Every change made through the API or by the server, newest first. Each entry is a leaf of a Merkle tree whose head the server signs; this page checks
        the signature and, for an entry you pick, its inclusion proof.
      </p>
      <AuditFilters key={`${entity}\n${actor}`} entity={entity} actor={actor} />
      {log.status === 'loading' && <Loading what="the audit log" />}
      {log.status === 'error' && <ErrorNote error={log.error} what="the audit log" />}
      {log.status === 'done' && (
        <>
          <TreeHeadCard head={log.value.treeHead} />
          <Card title={`Entries (${formatCount(log.value.entries.length)}${log.value.entries.length === LIMIT ? ', the latest' : ''})`} testId="audit-entries">
            {log.value.entries.length === 0 ? (
              <EmptyState title="No entries">
                <p>{entity !== '' || actor !== '' ? 'No change matches these filters.' : 'Nothing has been changed in this project yet.'}</p>
              </EmptyState>
            ) : (
              <AuditTable entries={log.value.entries} />
            )}
          </Card>
        </>
      )}
    </>
  );
}

function AuditFilters({ entity, actor }: { entity: string; actor: string }) {
  const id = useId();
  const [e, setE] = useState(entity);
  const [a, setA] = useState(actor);
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    const q = new URLSearchParams();
    if (e.trim() !== '') q.set('entity', e.trim());
    if (a.trim() !== '') q.set('actor', a.trim());
    const s = q.toString();
    navigate(`/audit${s === '' ? '' : `?${s}`}`);
  };
  return (
    <form className="audit-filters" role="search" aria-label="Filter the audit log" onSubmit={submit}>
      <div className="field">
        <label htmlFor={`${id}-entity`}>Entity</label>
        <input id={`${id}-entity`} value={e} onChange={(x) => setE(x.target.value)} placeholder="monitor or monitor:latency" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-actor`}>Actor</label>
        <input id={`${id}-actor`} value={a} onChange={(x) => setA(x.target.value)} placeholder="key id, key name or system" />
      </div>
      <button type="submit">Filter</button>
      {(entity !== '' || actor !== '') && (
        <button type="button" className="link" onClick={() => navigate('/audit')}>
          Clear filters
        </button>
      )}
    </form>
  );
}

function TreeHeadCard({ head }: { head: TreeHead }) {
  const [status, setStatus] = useState<SignatureStatus | 'checking'>('checking');
  useEffect(() => {
    let live = true;
    setStatus('checking');
    void verifyTreeHead(head).then((s) => {
      if (live) setStatus(s);
    });
    return () => {
      live = false;
    };
  }, [head]);
  const text = { checking: 'checking…', valid: 'valid', invalid: 'INVALID', unsupported: 'not checked (this browser has no Ed25519)' }[status];
  return (
    <Card title="Signed tree head" testId="audit-head">
      <dl className="facts-list">
        <dt>Size</dt>
        <dd data-testid="head-size">{head.size}</dd>
        <dt>Root hash</dt>
        <dd>
          <code data-testid="head-root">{head.root}</code>
        </dd>
        <dt>Signed</dt>
        <dd>{formatDateTime(Date.parse(head.time))}</dd>
        <dt>Key</dt>
        <dd>
          <code>{head.keyId}</code> (Ed25519, public key <code>{head.publicKey}</code>)
        </dd>
        <dt>Signature</dt>
        <dd data-testid="head-signature" data-status={status} className={status === 'valid' ? 'check-ok' : status === 'invalid' ? 'check-bad' : undefined}>
          {text}
        </dd>
      </dl>
    </Card>
  );
}

function AuditTable({ entries }: { entries: readonly AuditEntryWire[] }) {
  return (
    <table data-testid="audit-table">
      <caption>Entries, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Seq</th>
          <th scope="col">Time</th>
          <th scope="col">Actor</th>
          <th scope="col">Action</th>
          <th scope="col">Entity</th>
          <th scope="col">Changes</th>
          <th scope="col">Inclusion proof</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <AuditRow key={e.seq} entry={e} />
        ))}
      </tbody>
    </table>
  );
}

function AuditRow({ entry: e }: { entry: AuditEntryWire }) {
  const api = useApi();
  const [check, setCheck] = useState<{ state: 'idle' | 'checking' } | { state: 'done'; result: InclusionCheck } | { state: 'error'; message: string }>({
    state: 'idle',
  });
  const run = async () => {
    setCheck({ state: 'checking' });
    try {
      const proof = await auditInclusionProof(api, e.seq);
      const result = await checkInclusion(e, proof);
      // The root the proof leads to must also carry a valid signature.
      const signed = await verifyTreeHead(proof.treeHead);
      setCheck({ state: 'done', result: { ...result, ok: result.ok && signed !== 'invalid', rootMatches: result.rootMatches && signed !== 'invalid' } });
    } catch (err) {
      setCheck({ state: 'error', message: errorMessage(err) });
    }
  };
  const changes = e.erased === true ? 'payload erased' : e.diff.map((d) => (d.path === '' ? '(whole entity)' : d.path)).join(', ');
  return (
    <tr data-seq={e.seq} data-action={e.action} data-entity={`${e.entity.type}:${e.entity.id}`} data-actor={e.actor.type === 'key' ? e.actor.id : 'system'}>
      <td className="num">{e.seq}</td>
      <td>{formatDateTime(Date.parse(e.time))}</td>
      <td>{actorText(e)}</td>
      <td>
        <code>{e.action}</code>
      </td>
      <td>{entityText(e)}</td>
      <td>{changes}</td>
      <td
        data-testid="inclusion"
        data-state={check.state === 'done' ? (check.result.ok ? 'verified' : e.erased === true && check.result.rootMatches ? 'erased' : 'failed') : check.state}
      >
        {check.state === 'idle' && (
          <button type="button" className="link" onClick={() => void run()} aria-label={`Check the inclusion proof of entry ${e.seq}`}>
            Check
          </button>
        )}
        {check.state === 'checking' && 'checking…'}
        {check.state === 'error' && <span className="check-bad">{check.message}</span>}
        {check.state === 'done' &&
          (check.result.ok ? (
            <span className="check-ok">included in the signed tree of {check.result.size}</span>
          ) : (
            <span className="check-bad">
              {e.erased === true && check.result.rootMatches
                ? 'leaf stands (payload erased)'
                : !check.result.leafMatches
                  ? 'the entry does not hash to its leaf'
                  : 'the audit path does not reach the signed root'}
            </span>
          ))}
      </td>
    </tr>
  );
}
