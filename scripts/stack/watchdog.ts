// Watchdog of the stack's children: stops their process groups when the process that started them dies without
// stopping them (SIGKILL, a crash, an orphaned start-up). child-process.ts starts it, detached, with a pipe on its
// stdin and writes "watch <pgid> <graceMs>" and "forget <pgid>" lines to it. When stdin ends, its parent is gone
// (the kernel closes a dead process's end of the pipe), so it stops every group still watched, each with its grace
// period (SIGTERM, wait until the group is empty, then SIGKILL), and exits. Runs on plain Node (type stripping).
import { stopGroup } from "./process-group.ts";

const watched = new Map<number, number>();
let pending = "";
let stopping = false;

function onLine(line: string): void {
  const [command, pgid, grace] = line.trim().split(" ");
  if (command === "watch" && pgid !== undefined) watched.set(Number(pgid), Number(grace ?? 10_000));
  if (command === "forget" && pgid !== undefined) watched.delete(Number(pgid));
}

async function stopWatched(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.all([...watched].map(([pgid, graceMs]) => stopGroup(pgid, graceMs)));
  process.exit(0);
}

// The watchdog outlives its parent's terminal and pipes: it must not die of their signals.
for (const signal of ["SIGINT", "SIGHUP", "SIGPIPE"] as const) process.on(signal, () => {});
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk: string) => {
  const lines = (pending + chunk).split("\n");
  pending = lines.pop() ?? "";
  for (const line of lines) onLine(line);
});
process.stdin.on("end", () => void stopWatched());
process.stdin.on("error", () => void stopWatched());
