// The three states every network call shows: pending (with what is happening), error (a sentence to act on,
// with a retry when one helps) and success.
import type { ReactNode } from "react";
import { explainError } from "../lib/errors.ts";

export function Pending(props: { children: ReactNode }) {
  return (
    <output className="status status-pending" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {props.children}
    </output>
  );
}

export function ErrorNote(props: { error: unknown; onRetry?: () => void; retryLabel?: string }) {
  return (
    <div className="status status-error" role="alert">
      <p>{explainError(props.error)}</p>
      {props.onRetry ? (
        <button type="button" className="secondary" onClick={props.onRetry}>
          {props.retryLabel ?? "Try again"}
        </button>
      ) : null}
    </div>
  );
}

export function Success(props: { children: ReactNode }) {
  return (
    <div className="status status-success" aria-live="polite">
      {props.children}
    </div>
  );
}
