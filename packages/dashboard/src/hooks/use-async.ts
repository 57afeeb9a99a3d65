// Loads something when its inputs change, cancels what is no longer wanted, and lets the page
// reload it (after an action changed the data).

import { useCallback, useEffect, useState } from 'react';

export type AsyncState<T> = { status: 'loading' } | { status: 'done'; value: T } | { status: 'error'; error: unknown };

export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): AsyncState<T> & { reload: () => void } {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const abort = new AbortController();
    setState((s) => (s.status === 'loading' ? s : { status: 'loading' }));
    load(abort.signal).then(
      (value) => {
        if (!abort.signal.aborted) setState({ status: 'done', value });
      },
      (error: unknown) => {
        if (!abort.signal.aborted) setState({ status: 'error', error });
      },
    );
    return () => abort.abort();
    // `load` is a new closure each render; what it reads is in `deps`.
  }, [...deps, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}
