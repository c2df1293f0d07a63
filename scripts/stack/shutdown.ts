// How `npm start` notices it must stop: every signal that asks a terminal program to end (Ctrl-C, `kill`, a closed
// terminal, Ctrl-\) leads to the same orderly stop, and output that can no longer be written (the terminal closed,
// or `| tee log` died first on Ctrl-C) never stops the stack from stopping its parts.

/** SIGINT: Ctrl-C. SIGTERM: `kill`. SIGHUP: the terminal was closed. SIGQUIT: Ctrl-\. */
export const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"] as const;

/**
 * Calls `handler` on each stop signal. The handlers stay installed: one Ctrl-C reaches the process more than once
 * (from the terminal, and relayed by npm and tsx), and a repeat must not kill it halfway through stopping the parts.
 */
export function onStopSignal(handler: (signal: NodeJS.Signals) => void): void {
  for (const signal of STOP_SIGNALS) process.on(signal, () => handler(signal));
}

/**
 * Ignores errors of stdout and stderr (EPIPE when the reader of a pipe is gone, EIO when the terminal was closed).
 * Without a listener, Node turns them into an uncaught exception, and the process would die before its children.
 */
export function ignoreOutputErrors(): void {
  for (const stream of [process.stdout, process.stderr]) stream.on("error", () => {});
}
