import type { ReactNode } from 'react';
import type { ApiError } from '../api/client.ts';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="state loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return (
    <p className="state empty" role="status">
      {children}
    </p>
  );
}

/** The API's own message, its hint and its suggestions (clickable when `onSuggestion` is given). */
export function ErrorView({
  error,
  onSuggestion,
  onRetry,
}: {
  error: ApiError;
  onSuggestion?: (suggestion: string) => void;
  onRetry?: () => void;
}) {
  const { suggestions } = error.body;
  return (
    <div className="state error" role="alert">
      <p className="error-message">{error.message}</p>
      {error.hint && <p className="hint">{error.hint}</p>}
      {suggestions.length > 0 && (
        <Suggestions items={suggestions} onPick={onSuggestion} label="Try instead" />
      )}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Suggestions({
  items,
  onPick,
  label,
}: {
  items: string[];
  onPick?: (item: string) => void;
  label: string;
}) {
  return (
    <div className="suggestions">
      <p className="suggestions-label">{label}</p>
      <ul>
        {items.map((item) => (
          <li key={item}>
            {onPick ? (
              <button type="button" className="chip" onClick={() => onPick(item)}>
                {item}
              </button>
            ) : (
              item
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
