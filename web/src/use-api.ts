import { type DependencyList, useCallback, useEffect, useState } from 'react';
import { ApiError } from './api/client.ts';

export interface Loaded<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload(): void;
}

/** Runs `load` when `deps` change (aborting the previous call) and tracks loading, data and error. */
export function useApi<T>(
  load: ((signal: AbortSignal) => Promise<T>) | null,
  deps: DependencyList,
): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: ApiError | null; loading: boolean }>({
    data: null,
    error: null,
    loading: load !== null,
  });
  const [attempt, setAttempt] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide when `load` changes.
  useEffect(() => {
    if (!load) {
      setState({ data: null, error: null, loading: false });
      return;
    }
    const controller = new AbortController();
    setState((previous) => ({ ...previous, loading: true, error: null }));
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, error: null, loading: false });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState({ data: null, error: asApiError(error), loading: false });
      },
    );
    return () => controller.abort();
  }, [...deps, attempt]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, reload };
}

export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(0, {
    error_code: 'INTERNAL_ERROR',
    message: error instanceof Error ? error.message : String(error),
    details: null,
    suggestions: [],
    timestamp: new Date().toISOString(),
  });
}
