import type { ErrorBody, Operations } from './schema.ts';

export type OperationKey = keyof Operations;
export type ResponseOf<K extends OperationKey> = Operations[K]['response'];
export type QueryOf<K extends OperationKey> = Operations[K]['query'];
export type BodyOf<K extends OperationKey> = Operations[K]['body'];

type Options<K extends OperationKey> = ([Operations[K]['path']] extends [never]
  ? { path?: undefined }
  : { path: Operations[K]['path'] }) &
  ([QueryOf<K>] extends [never] ? { query?: undefined } : { query?: QueryOf<K> }) &
  ([BodyOf<K>] extends [never] ? { body?: undefined } : { body: BodyOf<K> }) & { signal?: AbortSignal };

/** A failed API call, carrying the API's error body (message, suggestions, details.hint). */
export class ApiError extends Error {
  readonly status: number;
  readonly body: ErrorBody;

  constructor(status: number, body: ErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
  }

  get hint(): string | null {
    const details = this.body.details as { hint?: unknown } | null;
    return details && typeof details === 'object' && typeof details.hint === 'string' ? details.hint : null;
  }
}

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && 'error_code' in value && 'message' in value;
}

/** Builds the URL of an operation: path parameters substituted, empty query values left out. */
export function operationUrl(path: string, params?: Record<string, unknown>, query?: object): string {
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(params?.[name])));
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  }
  const qs = search.toString();
  return qs ? `${filled}?${qs}` : filled;
}

/**
 * Calls one API operation, typed by the generated schema: `api('GET /api/v1/deals', { query })`. Failures
 * throw ApiError with the API's own message and suggestions; a network failure gets the same shape.
 */
export async function api<K extends OperationKey>(operation: K, options: Options<K>): Promise<ResponseOf<K>> {
  const [method, path] = (operation as string).split(' ') as [string, string];
  const url = operationUrl(path, options.path as Record<string, unknown> | undefined, options.query);
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: {
        accept: 'application/json, text/plain',
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, {
      error_code: 'INTERNAL_ERROR',
      message: 'The server could not be reached.',
      details: { hint: 'Check that the API is running, then try again.' },
      suggestions: [],
      timestamp: new Date().toISOString(),
    });
  }
  const isJson = (response.headers.get('content-type') ?? '').includes('json');
  const payload: unknown = isJson ? await response.json() : await response.text();
  if (!response.ok) {
    throw new ApiError(
      response.status,
      isErrorBody(payload)
        ? payload
        : {
            error_code: 'INTERNAL_ERROR',
            message: `The server answered ${response.status} ${response.statusText}`,
            details: null,
            suggestions: [],
            timestamp: new Date().toISOString(),
          },
    );
  }
  return payload as ResponseOf<K>;
}
