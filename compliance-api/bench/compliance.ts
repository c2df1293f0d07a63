// Benchmark: screen + co-sign over HTTP on PostgreSQL with autocannon (fixed connections); writes
// bench/results/compliance.json. Starts its own anvil, contracts, database and service process, and stops them.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import type { Address } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { REPO_ROOT } from "../src/config.ts";
import { DEV_KEYS, freePort, startTestChain } from "../test/helpers/chain.ts";
import { createTestDatabase } from "../test/helpers/service.ts";

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 20);
const SENDERS = Number(process.env.BENCH_SENDERS ?? 200);
const RECIPIENTS = 10;
const RESULT_FILE = path.join(REPO_ROOT, "bench", "results", "compliance.json");

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`service exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return;
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("service did not become healthy");
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
function cpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const chain = await startTestChain();
  const db = await createTestDatabase();
  let service: ChildProcess | undefined;
  try {
    const senders = Array.from(
      { length: SENDERS },
      () => privateKeyToAccount(generatePrivateKey()).address,
    );
    const recipients = Array.from(
      { length: RECIPIENTS },
      () => privateKeyToAccount(generatePrivateKey()).address,
    );
    for (const a of [...senders, ...recipients]) await chain.attest(a as Address, 2);

    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    service = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: path.join(REPO_ROOT, "compliance-api"),
      stdio: ["ignore", "ignore", "inherit"],
      env: {
        ...process.env,
        NODE_ENV: "production",
        LOG_LEVEL: "warn",
        COMPLIANCE_API_PORT: String(port),
        CHAIN_ID: "31337",
        RPC_URL: chain.rpcUrl,
        ADDRESS_BOOK_DIR: chain.addressBookDir,
        DATABASE_URL: db.url,
        DATA_ENCRYPTION_KEY: randomBytes(32).toString("hex"),
        COSIGNER_PRIVATE_KEY: DEV_KEYS[1],
        KYC_PROVIDER_PRIVATE_KEY: DEV_KEYS[2],
        ANCHORER_PRIVATE_KEY: DEV_KEYS[3],
        RATE_LIMIT_IP_PER_MINUTE: "100000000",
        RATE_LIMIT_WALLET_PER_MINUTE: "100000000",
        SANCTIONS_WATCH: "false",
      },
    });
    await waitForHealth(url, service);

    const token = chain.contracts.TestStablecoin;
    let i = 0;
    let approvals = 0;
    let notApproved = 0;
    const cpuBefore = cpuSeconds(service.pid);
    const result = await autocannon({
      url,
      connections: CONNECTIONS,
      duration: DURATION_S,
      requests: [
        {
          method: "POST",
          path: "/v1/screen",
          headers: { "content-type": "application/json" },
          setupRequest: (req) => {
            i += 1;
            return {
              ...req,
              body: JSON.stringify({
                sender: senders[i % SENDERS],
                recipient: recipients[i % RECIPIENTS],
                token,
                amount: "1000000",
                originatorCountry: "US",
                beneficiaryCountry: "NG",
              }),
            };
          },
          onResponse: (status, body, context) => {
            const parsed =
              status === 200 ? (JSON.parse(body) as { decisionId: string; outcome: string }) : null;
            if (parsed?.outcome !== "approve") notApproved += 1;
            (context as { decisionId?: string }).decisionId = parsed?.decisionId;
          },
        },
        {
          method: "POST",
          path: "/v1/cosign",
          headers: { "content-type": "application/json" },
          setupRequest: (req, context) => ({
            ...req,
            body: JSON.stringify({ decisionId: (context as { decisionId?: string }).decisionId }),
          }),
          onResponse: (status) => {
            if (status === 200) approvals += 1;
          },
        },
      ],
    });

    const seconds = result.duration;
    const cpuAfter = cpuSeconds(service.pid);
    const serviceCpuMsPerApproval =
      cpuBefore !== null && cpuAfter !== null && approvals > 0
        ? Math.round(((cpuAfter - cpuBefore) * 1000 * 100) / approvals) / 100
        : null;
    const report = {
      benchmark: "compliance-api screen + cosign over HTTP",
      database: "postgresql",
      connections: CONNECTIONS,
      durationSeconds: seconds,
      requestsPerSecond: Math.round(result.requests.average),
      approvalsPerSecond: Math.round(approvals / seconds),
      coSignedApprovals: approvals,
      screensNotApproved: notApproved,
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      latencyUnit: "ms",
      errors: result.errors + result.timeouts,
      serviceCpuMsPerApproval,
      serviceCpuCeilingApprovalsPerSecondOnTwoCores: serviceCpuMsPerApproval
        ? Math.round(2000 / serviceCpuMsPerApproval)
        : null,
      non2xx: result.non2xx,
      target: { approvalsPerSecond: 1000, p99Ms: 50 },
      machine: {
        cpus: os.cpus().length,
        model: os.cpus()[0]?.model ?? "unknown",
        loadAverage1m: os.loadavg()[0],
        node: process.version,
      },
      notes:
        "Server, PostgreSQL, anvil and the load generator share the same cores. Each approval is two HTTP requests " +
        "(screen, then cosign); p50/p99 are per request. KYC levels and fees come from a 15 s cache; exposure from " +
        "an incremental scan of RemittanceSent logs. Logging at warn level.",
      measuredAt: new Date().toISOString(),
    };
    mkdirSync(path.dirname(RESULT_FILE), { recursive: true });
    writeFileSync(RESULT_FILE, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    if (service && service.exitCode === null) {
      const exited = new Promise((r) => service?.once("exit", r));
      service.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    }
    await db.drop().catch(() => {});
    await chain.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
