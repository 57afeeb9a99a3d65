// A path the dashboard does not know.

import { EmptyState } from '../components/empty-state.js';
import { Link } from '../routing/router.js';

export function NotFoundPage({ path }: { path: string }) {
  return (
    <>
      <h1 tabIndex={-1}>Not found</h1>
      <EmptyState title={`There is no page at ${path}`}>
        <p>
          Go to the <Link to="/">overview of models</Link>.
        </p>
      </EmptyState>
    </>
  );
}
