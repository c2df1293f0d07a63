// What the person running the stack sees: progress lines, a live "waiting for" line, the demo accounts with their
// warning, and the table of URLs. This is user interface on stdout, not logging (the parts log to .clxend/logs).
import { DEMO_KEY_WARNING, type DemoAccount } from "../../deploy/demo-accounts.ts";

const tty = process.stdout.isTTY === true;
const style = (code: string) => (text: string) => (tty ? `\u001b[${code}m${text}\u001b[0m` : text);
export const bold = style("1");
export const dim = style("2");
export const red = style("31");
export const green = style("32");
export const yellow = style("33");

/** Receives progress from the stack; the CLI prints it, the smoke test may silence it. */
export interface StackReporter {
  step(message: string): void;
  note(message: string): void;
  /** Something the person must know (data restored, lost or reset); `note` when omitted. */
  warn?(message: string): void;
  /** Parts still starting, with their elapsed seconds; called about once a second. */
  waiting(parts: { name: string; seconds: number }[]): void;
  healthy(name: string, seconds: number): void;
}

/** Prints to stdout; on a terminal the "waiting for" line is rewritten in place. */
export function consoleReporter(): StackReporter {
  let live = false;
  const clearLive = () => {
    if (live) process.stdout.write("\r\u001b[2K");
    live = false;
  };
  const line = (text: string) => {
    clearLive();
    process.stdout.write(`${text}\n`);
  };
  return {
    step: (message) => line(`${bold("•")} ${message}`),
    note: (message) => line(`  ${dim(message)}`),
    warn: (message) => line(`${yellow(bold("!"))} ${yellow(message)}`),
    waiting: (parts) => {
      if (!tty || parts.length === 0) return;
      clearLive();
      const list = parts.map((part) => `${part.name} (${part.seconds}s)`).join(", ");
      process.stdout.write(`  ${yellow("…")} waiting for ${list}`);
      live = true;
    },
    healthy: (name, seconds) =>
      line(`  ${green("✔")} ${name} is healthy (${seconds.toFixed(1)}s)`),
  };
}

/** A reporter that prints nothing. */
export function silentReporter(): StackReporter {
  return { step: () => {}, note: () => {}, waiting: () => {}, healthy: () => {} };
}

/** Renders rows as aligned columns, the first row as the header. */
export function table(rows: string[][]): string {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  return rows
    .map((row, index) => {
      const text = row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join("  ")
        .trimEnd();
      return index === 0 ? bold(text) : text;
    })
    .join("\n");
}

/** The demo accounts with their keys, and the warning that they are public. */
export function demoAccountsText(accounts: DemoAccount[]): string {
  const rows = [["account", "address", "private key (LOCAL CHAIN ONLY)"]];
  for (const demo of accounts) rows.push([demo.role, demo.account.address, demo.privateKey]);
  const banner = "!".repeat(78);
  return [yellow(banner), yellow(bold(DEMO_KEY_WARNING)), yellow(banner), table(rows)].join("\n");
}
