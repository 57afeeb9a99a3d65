// Experiments: every A/B test and champion/challenger of the project with its status, variants and
// units, and, from each one's results, whether its split is as designed (SRM) and what to do now.

import type { ExperimentInfo } from '@vigil/wire';
import { useApi } from '../api/api-context.js';
import { getExperimentResults, listExperiments } from '../api/experiments.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorNote, Loading } from '../components/load-state.js';
import { decisionText, formatShare, SRM_TEXT, srmState } from '../experiments/experiment-view.js';
import { formatCount } from '../format/format-number.js';
import { useAsync } from '../hooks/use-async.js';
import { Link } from '../routing/router.js';
import { routePath } from '../routing/routes.js';

export const EXPERIMENTS_UNAVAILABLE = 'Experiments are not offered by this server.';

export function ExperimentsUnavailable() {
  return (
    <EmptyState title={EXPERIMENTS_UNAVAILABLE}>
      <p>This Vigil server does not offer the experiments API. Upgrade the server to a version with experiments to use this page.</p>
    </EmptyState>
  );
}

export function ExperimentsPage() {
  const api = useApi();
  const experiments = useAsync((signal) => listExperiments(api, signal), [api]);
  return (
    <>
      <h1 tabIndex={-1}>Experiments</h1>
      {experiments.status === 'loading' && <Loading what="experiments" />}
      {experiments.status === 'error' && <ErrorNote error={experiments.error} what="experiments" />}
      {experiments.status === 'done' && !experiments.value.available && <ExperimentsUnavailable />}
      {experiments.status === 'done' && experiments.value.available && experiments.value.value.length === 0 && (
        <EmptyState title="No experiments yet">
          <p>
            An experiment splits units (users, sessions, requests) between a control and its treatments with GrowthBook's hashing, and compares their outcomes.
            Create one through the API:
          </p>
          <pre>{`curl -X POST ${window.location.origin}/v1/experiments -H "authorization: Bearer <key>" \\\n  -H "content-type: application/json" -d '{"name": "checkout", "variants": [{"name": "control", "weight": 0.5}, {"name": "new", "weight": 0.5}],\n  "metrics": [{"name": "converted", "kind": "proportion"}]}'`}</pre>
          <p>
            Then send exposures and outcomes (<code>POST /v1/experiments/checkout/exposures</code>, <code>…/outcomes</code>); the API is described at{' '}
            <a href="/docs">/docs</a>.
          </p>
        </EmptyState>
      )}
      {experiments.status === 'done' && experiments.value.available && experiments.value.value.length > 0 && (
        <table className="models" data-testid="experiments-table">
          <caption className="visually-hidden">Experiments, their split, units, sample ratio check and decision</caption>
          <thead>
            <tr>
              <th scope="col">Experiment</th>
              <th scope="col">Status</th>
              <th scope="col">Variants</th>
              <th scope="col">Units</th>
              <th scope="col">Sample ratio</th>
              <th scope="col">Decision</th>
            </tr>
          </thead>
          <tbody>
            {experiments.value.value.map((e) => (
              <ExperimentRow key={e.name} experiment={e} />
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function ExperimentRow({ experiment: e }: { experiment: ExperimentInfo }) {
  const api = useApi();
  const results = useAsync((signal) => getExperimentResults(api, e.name, signal), [api, e.name]);
  return (
    <tr data-experiment={e.name}>
      <th scope="row">
        <Link to={routePath({ page: 'experiment', experiment: e.name })}>{e.name}</Link>
        {e.description !== null && <span className="sub">{e.description}</span>}
      </th>
      <td data-testid="status">{e.status}</td>
      <td>
        {e.variants.map((v, i) => (
          <span key={v.name} className="sub">
            {v.name} {v.shadow === true ? '(shadow)' : formatShare(v.weight)}
            {i === 0 && ' · control'}
          </span>
        ))}
      </td>
      <td className="num" data-testid="units">
        {formatCount(e.units)}
      </td>
      {results.status === 'loading' && (
        <td colSpan={2}>
          <Loading what="results" />
        </td>
      )}
      {results.status === 'error' && (
        <td colSpan={2}>
          <ErrorNote error={results.error} what="results" />
        </td>
      )}
      {results.status === 'done' && (
        <>
          <td data-testid="srm" data-srm={srmState(results.value.srm)}>
            {srmState(results.value.srm) === 'mismatch' ? (
              <span className="badge badge-alerting">
                <span aria-hidden="true">■</span> {SRM_TEXT.mismatch}
              </span>
            ) : (
              SRM_TEXT[srmState(results.value.srm)]
            )}
          </td>
          <td data-testid="decision" data-action={results.value.decision.action}>
            {decisionText(results.value.decision)}
            <span className="sub">{results.value.decision.reason}</span>
          </td>
        </>
      )}
    </tr>
  );
}
