// Loading and failure notes of a section, announced politely to screen readers.

import { ApiError } from '../api/client.js';

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError)
    return error.details.length > 0 ? `${error.message} (${error.details.map((d) => `${d.path}: ${d.message}`).join('; ')})` : error.message;
  return error instanceof Error ? error.message : String(error);
}

export function ErrorNote({ error, what }: { error: unknown; what: string }) {
  return (
    <p className="error-note" role="alert">
      Could not load {what}: {errorMessage(error)}
    </p>
  );
}
