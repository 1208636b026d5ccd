// CloudWatch metrics as Embedded Metric Format: one JSON line per invocation on stdout, which
// CloudWatch Logs turns into metrics. Written out (not Powertools Metrics) to keep ~10 KB out of
// the ingest bundle, which has a 500 KB budget.

/** Namespace, service dimension and metric names of the ingest function (the dashboard reads these). */
export const INGEST_METRICS = {
  namespace: 'Redline',
  service: 'redline-ingest',
  names: {
    recorded: 'RevisionsRecorded',
    rejected: 'RevisionsRejected',
    ignored: 'NotificationsIgnored',
    duplicate: 'DuplicateNotifications',
    processingMs: 'ProcessingTime',
    diffBytes: 'DiffBytes',
    stealth: 'StealthEdits',
  },
} as const;

/** Metrics of the query API function: one request count by answer class, and its latency. */
export const API_METRICS = {
  namespace: 'Redline',
  service: 'redline-api',
  names: {
    requests: 'ApiRequests',
    clientErrors: 'ApiClientErrors',
    serverErrors: 'ApiServerErrors',
    latency: 'ApiLatency',
  },
} as const;

/** Metrics of the log integrator (the lag alarm reads IntegrationLag). */
export const LOG_METRICS = {
  namespace: 'Redline',
  service: 'redline-log-integrator',
  names: {
    integrated: 'LeavesIntegrated',
    lag: 'IntegrationLag',
    size: 'LogSize',
  },
} as const;

export type MetricUnit = 'Count' | 'Milliseconds' | 'Bytes' | 'Seconds';

/** EMF allows up to 100 values per metric in one line. */
const MAX_VALUES = 100;

export class EmfMetrics {
  private readonly values = new Map<string, { unit: MetricUnit; values: number[] }>();

  constructor(
    private readonly namespace: string,
    private readonly service: string,
    private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  ) {}

  add(name: string, unit: MetricUnit, value: number): void {
    const metric = this.values.get(name) ?? { unit, values: [] };
    metric.values.push(value);
    this.values.set(name, metric);
    if (metric.values.length >= MAX_VALUES) this.flush();
  }

  /** Writes the stored values as one EMF line (nothing when there are none) and forgets them. */
  flush(): void {
    if (this.values.size === 0) return;
    const line: Record<string, unknown> = {
      _aws: {
        Timestamp: Date.now(),
        CloudWatchMetrics: [
          {
            Namespace: this.namespace,
            Dimensions: [['service']],
            Metrics: [...this.values].map(([name, { unit }]) => ({ Name: name, Unit: unit })),
          },
        ],
      },
      service: this.service,
    };
    for (const [name, { values }] of this.values) line[name] = values.length === 1 ? values[0] : values;
    this.values.clear();
    this.write(JSON.stringify(line));
  }
}
