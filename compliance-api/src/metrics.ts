// Prometheus metrics of the service (served at /metrics).
import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

/** Creates a registry with the default Node metrics and the service's own. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpRequests: new Counter({
      name: "compliance_http_requests_total",
      help: "HTTP requests by route and status.",
      labelNames: ["method", "route", "status"] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "compliance_http_request_duration_seconds",
      help: "HTTP request duration by route.",
      labelNames: ["method", "route"] as const,
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    decisions: new Counter({
      name: "compliance_decisions_total",
      help: "Screening decisions by outcome.",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    cosignatures: new Counter({
      name: "compliance_cosignatures_total",
      help: "EIP-712 approvals co-signed.",
      registers: [registry],
    }),
    auditSealed: new Counter({
      name: "compliance_audit_entries_sealed_total",
      help: "Audit-log entries added to the hash chain.",
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
