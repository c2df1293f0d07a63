// Composition root: builds every service from the configuration, and the background jobs; one close() for all.
import type { Logger } from "pino";
import { AuditAnchorer } from "./audit/anchor.ts";
import { AuditSealer } from "./audit/log.ts";
import { type Chain, Chains } from "./chain/chain.ts";
import { loadSigners, type Signers } from "./chain/keys.ts";
import { ApprovedDecisions, CosignService, NonceAllocator } from "./compliance/cosign.ts";
import { ApprovalExecutions } from "./compliance/executions.ts";
import {
  ChainLogsExposure,
  type ExposureSource,
  IndexerExposure,
  MultiChainExposure,
} from "./compliance/exposure.ts";
import { SanctionsLists } from "./compliance/sanctions.ts";
import { ScreeningService } from "./compliance/screening.ts";
import type { Config } from "./config.ts";
import { type Database, openDatabase } from "./db/client.ts";
import { sanctionsListVersions } from "./db/schema.ts";
import { RateLimits } from "./http/rate-limit.ts";
import { KycService } from "./kyc/attest.ts";
import { KycAttestations } from "./kyc/chain-attestations.ts";
import { createMetrics, type Metrics } from "./metrics.ts";
import { KeyWrapper, masterKeyFrom } from "./privacy/encryption.ts";
import { SubjectVault } from "./privacy/vault.ts";
import { appendAudit } from "./audit/log.ts";
import { StaffAuth } from "./staff/auth.ts";
import { ReviewService } from "./staff/review.ts";

export interface Services {
  config: Config;
  log: Logger;
  metrics: Metrics;
  database: Database;
  /** Every chain served (CHAIN_IDS). */
  chains: Chains;
  /** The default chain: staff sign-in and the audit anchor (KYC attestations go to every chain). */
  chain: Chain;
  signers: Signers;
  sanctions: SanctionsLists;
  exposure: ExposureSource;
  vault: SubjectVault;
  sealer: AuditSealer;
  screening: ScreeningService;
  cosign: CosignService;
  kyc: KycService;
  staffAuth: StaffAuth;
  review: ReviewService;
  anchorer: AuditAnchorer;
  /** Records which co-signed approvals were sent, once their deadline passed (a job; tests call check()). */
  executions: ApprovalExecutions;
  rateLimits: RateLimits;
  /** Re-reads the sanctions lists and records the new version in the audit log. */
  reloadSanctions(actor: string): Promise<void>;
  /** Starts the periodic jobs (sealer, anchor, retention purge, expiring-KYC report, list watch). */
  startJobs(): void;
  close(): Promise<void>;
}

/** Builds the services. Fails fast on a bad key, an unreadable sanctions list or an unreachable database. */
export async function createServices(
  config: Config,
  log: Logger,
  metrics: Metrics = createMetrics(),
): Promise<Services> {
  const [database, sanctions, signers] = await Promise.all([
    openDatabase(config.database),
    SanctionsLists.open(config.sanctions.sources),
    loadSigners(config, log),
  ]);
  const { db } = database;
  log.info(
    {
      database: database.kind,
      sanctionsVersion: sanctions.current.version,
      addresses: sanctions.current.addresses.size,
      snapshotDate: sanctions.current.snapshotDate,
    },
    "Opened database and loaded sanctions lists",
  );
  const chains = new Chains(config.chains);
  const chain = chains.default;
  const indexerUrl = config.indexerUrl;
  const exposure: ExposureSource = new MultiChainExposure(
    chains.all.map((c) =>
      indexerUrl
        ? new IndexerExposure(indexerUrl, c.chainId, config.exposureCacheMs)
        : new ChainLogsExposure(c, config.exposureCacheMs),
    ),
  );
  const vault = new SubjectVault(new KeyWrapper(masterKeyFrom(config, log)), config.retentionYears);
  const sealer = new AuditSealer(db, log, (n) => metrics.auditSealed.inc(n));
  const onWrite = () => sealer.kick();
  const rateLimits = new RateLimits({
    redisUrl: config.redisUrl,
    ipPerMinute: config.rateLimit.ipPerMinute,
    walletPerMinute: config.rateLimit.walletPerMinute,
    prefix: config.rateLimit.keyPrefix,
  });
  await rateLimits.ready;
  const attestations = new KycAttestations(db, chains, log, onWrite);
  await attestations.adoptFirstChainRows();
  const timers: NodeJS.Timeout[] = [];
  const approved = new ApprovedDecisions(config.decisionTtlMs);

  const services: Services = {
    config,
    log,
    metrics,
    database,
    chains,
    chain,
    signers,
    sanctions,
    exposure,
    vault,
    sealer,
    rateLimits,
    screening: new ScreeningService({
      config,
      db,
      run: database.run,
      chains,
      sanctions,
      exposure,
      vault,
      approved,
      onWrite,
    }),
    cosign: new CosignService({
      config,
      run: database.run,
      chains,
      nonces: new NonceAllocator(db, config.nonceBlockSize),
      approved,
      signer: signers.cosigner,
      onWrite,
    }),
    kyc: new KycService(config, db, chains, attestations, vault, signers.kycProvider, onWrite),
    staffAuth: new StaffAuth(config, db, chain, onWrite),
    review: new ReviewService(db, vault, onWrite),
    anchorer: new AuditAnchorer(db, chain, signers.anchorer, onWrite),
    executions: new ApprovalExecutions(database.run, () => chains.all, log),

    async reloadSanctions(actor) {
      const { previous, current } = await sanctions.reload();
      await db.transaction(async (tx) => {
        await tx
          .insert(sanctionsListVersions)
          .values({
            id: current.version,
            snapshotDate: current.snapshotDate,
            addressCount: current.addresses.size,
            sources: current.sources,
          })
          .onConflictDoNothing();
        await appendAudit(tx, {
          kind: "sanctions.reloaded",
          actor,
          data: {
            previousVersion: previous.version,
            version: current.version,
            addressCount: current.addresses.size,
            snapshotDate: current.snapshotDate,
          },
        });
      });
      onWrite();
      log.info(
        {
          previousVersion: previous.version,
          version: current.version,
          addresses: current.addresses.size,
        },
        "Reloaded sanctions lists",
      );
    },

    startJobs() {
      sealer.start();
      if (!config.jobs.enabled) return;
      const every = (ms: number, name: string, job: () => Promise<unknown>) => {
        if (ms <= 0) return;
        const t = setInterval(() => {
          job().catch((err: unknown) =>
            log.warn({ err, job: name }, "Background job failed; will retry"),
          );
        }, ms);
        t.unref();
        timers.push(t);
      };
      every(config.jobs.anchorIntervalMs, "audit-anchor", async () => {
        const r = await services.anchorer.anchorNow();
        if (r.anchored) log.info({ seq: r.seq, txHash: r.txHash }, "Anchored audit head on-chain");
      });
      every(config.jobs.approvalCheckIntervalMs, "approval-check", () =>
        services.executions.check(),
      );
      every(config.jobs.purgeIntervalMs, "retention-purge", async () => {
        const r = await vault.purge(db);
        if (r.subjectsPurged > 0) log.info(r, "Purged personal data past retention");
        const due = await services.kyc.expiring(config.kyc.expiryWarningDays);
        if (due.length > 0)
          log.info(
            { count: due.length, withinDays: config.kyc.expiryWarningDays },
            "Listed KYC attestations due for re-verification",
          );
      });
      if (config.sanctions.watch) {
        sanctions.watch(() => {
          services
            .reloadSanctions("system")
            .catch((err: unknown) =>
              log.warn({ err }, "Sanctions reload after file change failed"),
            );
        });
      }
    },

    async close() {
      for (const t of timers) clearInterval(t);
      sanctions.close();
      sealer.stop();
      await sealer.flush().catch((err: unknown) => log.warn({ err }, "Final audit seal failed"));
      await rateLimits.close();
      await services.kyc.close();
      await database.close();
    },
  };
  return services;
}
