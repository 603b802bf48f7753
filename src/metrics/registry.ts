/**
 * The Prometheus registry `serve` exposes at /metrics. Two kinds of series:
 *  - cluster-wide, read from Redis at scrape time (job outcomes, stage durations,
 *    bytes, records, near-duplicates, queue depth, discover runs): every API replica
 *    reports the same numbers;
 *  - this process's own (HTTP requests, Node process metrics).
 * A scrape while Redis is down still answers: `gleaner_redis_up 0` and no cluster series.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics, type Metric } from 'prom-client';
import { STAGE_BUCKETS, type AggregateSnapshot } from './aggregate.js';

export type QueueDepth = Record<string, Record<string, number>>;

export interface MetricsSources {
  /** The Redis-held aggregate (readAggregate). */
  aggregate(): Promise<AggregateSnapshot>;
  /** Job counts per queue and state, from Redis. */
  queueDepth(): Promise<QueueDepth>;
}

export interface Metrics {
  registry: Registry;
  /** Observes one HTTP request (called by the app's onResponse hook). */
  observeHttp(method: string, route: string, status: number, seconds: number): void;
  /** Prometheus text exposition. */
  render(): Promise<string>;
}

interface SeriesValue {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
}

/**
 * A metric whose values are computed at scrape time from a snapshot, registered
 * through prom-client's collector interface (name, help, type, get()).
 */
class SnapshotMetric {
  readonly aggregator = 'omit';
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'gauge' | 'histogram',
    private readonly values: () => SeriesValue[],
  ) {}
  async get() {
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values: this.values() };
  }
}

export function createMetrics(sources: MetricsSources, options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'gleaner_process_' });

  const http = new Histogram({
    name: 'gleaner_http_request_duration_seconds',
    help: 'HTTP API requests served by this process, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const scrapeErrors = new Counter({
    name: 'gleaner_metrics_scrape_errors_total',
    help: 'Scrapes of /metrics that could not read the cluster-wide series from Redis',
    registers: [registry],
  });

  // Filled at the start of each render(), read by the snapshot metrics below.
  let snap: AggregateSnapshot | null = null;
  let depth: QueueDepth | null = null;
  let redisUp = 0;

  const add = (name: string, help: string, type: 'counter' | 'gauge' | 'histogram', values: () => SeriesValue[]) => {
    registry.registerMetric(new SnapshotMetric(name, help, type, values) as unknown as Metric);
  };
  add('gleaner_redis_up', 'Whether this scrape could read the cluster-wide series from Redis', 'gauge', () => [{ labels: {}, value: redisUp }]);
  add('gleaner_jobs_total', 'Ingest jobs ended, by outcome (completed, failed, retried) and error code', 'counter', () =>
    (snap?.jobs ?? []).map((j) => ({ labels: { outcome: j.outcome, code: j.code }, value: j.value })));
  add('gleaner_queue_jobs', 'Jobs in each queue by state, read from Redis', 'gauge', () =>
    Object.entries(depth ?? {}).flatMap(([queue, states]) =>
      Object.entries(states).map(([state, value]) => ({ labels: { queue, state }, value }))));
  add('gleaner_fetch_bytes_total', 'Article body bytes fetched on the wire by ingest jobs', 'counter', () =>
    snap ? [{ labels: {}, value: snap.fetchBytes }] : []);
  add('gleaner_records_stored_total', 'Records written by ingest jobs: created, updated, unchanged, not_modified (304)', 'counter', () =>
    Object.entries(snap?.records ?? {}).map(([result, value]) => ({ labels: { result }, value })));
  add('gleaner_near_duplicates_total', 'New records marked as near-duplicates of a stored article', 'counter', () =>
    snap ? [{ labels: {}, value: snap.nearDuplicates }] : []);
  add('gleaner_duplicates_removed_total', 'Repeated blocks removed inside records during extraction', 'counter', () =>
    snap ? [{ labels: {}, value: snap.duplicatesRemoved }] : []);
  add('gleaner_stage_duration_seconds', 'Time per pipeline stage of completed ingest jobs', 'histogram', () => {
    if (!snap) return [];
    const out: SeriesValue[] = [];
    for (const [stage, h] of Object.entries(snap.stages)) {
      let cumulative = 0;
      STAGE_BUCKETS.forEach((le, i) => {
        cumulative += h.buckets[i] ?? 0;
        out.push({ metricName: 'gleaner_stage_duration_seconds_bucket', labels: { stage, le }, value: cumulative });
      });
      cumulative += h.buckets[STAGE_BUCKETS.length] ?? 0;
      out.push({ metricName: 'gleaner_stage_duration_seconds_bucket', labels: { stage, le: '+Inf' }, value: cumulative });
      out.push({ metricName: 'gleaner_stage_duration_seconds_sum', labels: { stage }, value: h.sum });
      out.push({ metricName: 'gleaner_stage_duration_seconds_count', labels: { stage }, value: h.count });
    }
    return out;
  });
  add('gleaner_discover_runs_total', 'Scheduled source runs, by source, outcome and error code', 'counter', () =>
    (snap?.discoverRuns ?? []).map((r) => ({ labels: { source: r.source, outcome: r.outcome, code: r.code }, value: r.value })));
  add('gleaner_discover_urls_enqueued_total', 'URLs scheduled sources handed to the ingest queue', 'counter', () =>
    (snap?.discoverUrls ?? []).map((r) => ({ labels: { source: r.source }, value: r.value })));

  return {
    registry,
    observeHttp(method, route, status, seconds) {
      http.observe({ method, route, status: String(status) }, seconds);
    },
    async render() {
      try {
        [snap, depth] = await Promise.all([sources.aggregate(), sources.queueDepth()]);
        redisUp = 1;
      } catch {
        snap = null;
        depth = null;
        redisUp = 0;
        scrapeErrors.inc();
      }
      return registry.metrics();
    },
  };
}
