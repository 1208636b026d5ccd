// The names of the CloudWatch metrics the functions publish as Embedded Metric Format (through
// Powertools Metrics), shared with the stacks' dashboard and alarms.

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
