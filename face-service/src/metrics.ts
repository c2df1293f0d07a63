// Prometheus metrics of the service (served at /metrics): request counts and durations per route, model
// inference durations, decisions taken and the number of enrolled templates.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/** All metrics of one service instance, on their own registry. */
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: "face_http_requests_total",
    help: "HTTP requests by method, route and status",
    labelNames: ["method", "route", "status"] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: "face_http_request_duration_seconds",
    help: "HTTP request duration by route",
    labelNames: ["method", "route"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly decisions = new Counter({
    name: "face_decisions_total",
    help: "Decisions taken, by kind (compare, liveness, kyc) and outcome",
    labelNames: ["kind", "outcome"] as const,
    registers: [this.registry],
  });

  readonly templates = new Gauge({
    name: "face_enrolled_templates",
    help: "Number of enrolled subjects in the 1:N index",
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: "face_" });
  }
}
