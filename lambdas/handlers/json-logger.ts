// Structured JSON log lines in the shape Powertools Logger writes (level, message, timestamp,
// service, function_request_id, cold_start, …) so CloudWatch Logs Insights queries work either
// way — without Powertools' ~23 KB, which the ingest bundle's 500 KB budget cannot spare.

export interface InvocationContext {
  readonly awsRequestId?: string;
  readonly functionName?: string;
  readonly functionVersion?: string;
  readonly invokedFunctionArn?: string;
  readonly memoryLimitInMB?: string | number;
}

type Level = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
const RANK: Record<Level, number> = { DEBUG: 0, INFO: 1, WARN: 2, ERROR: 3 };

export class JsonLogger {
  private invocation: Record<string, unknown> = {};
  private keys: Record<string, unknown> = {};
  private coldStart = true;
  private readonly threshold: number;

  constructor(
    private readonly service: string,
    private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
    level: string = process.env.POWERTOOLS_LOG_LEVEL ?? process.env.AWS_LAMBDA_LOG_LEVEL ?? 'INFO',
  ) {
    this.threshold = RANK[level.toUpperCase() as Level] ?? RANK.INFO;
  }

  /** Tags every following line with the invocation (request id, cold start). */
  addContext(context: InvocationContext): void {
    this.invocation = {
      cold_start: this.coldStart,
      function_name: context.functionName,
      function_version: context.functionVersion,
      function_arn: context.invokedFunctionArn,
      function_memory_size: context.memoryLimitInMB === undefined ? undefined : Number(context.memoryLimitInMB),
      function_request_id: context.awsRequestId,
    };
    this.coldStart = false;
  }

  /** Keys every following line carries until `resetKeys` (undefined values are left out). */
  appendKeys(keys: Record<string, unknown>): void {
    Object.assign(this.keys, keys);
  }

  resetKeys(): void {
    this.keys = {};
  }

  debug(message: string, attributes: Record<string, unknown> = {}): void {
    this.log('DEBUG', message, attributes);
  }

  info(message: string, attributes: Record<string, unknown> = {}): void {
    this.log('INFO', message, attributes);
  }

  warn(message: string, attributes: Record<string, unknown> = {}): void {
    this.log('WARN', message, attributes);
  }

  error(message: string, attributes: Record<string, unknown> = {}): void {
    this.log('ERROR', message, attributes);
  }

  private log(level: Level, message: string, attributes: Record<string, unknown>): void {
    if (RANK[level] < this.threshold) return;
    const traceId = process.env._X_AMZN_TRACE_ID?.split(';')[0]?.replace('Root=', '');
    this.write(
      JSON.stringify({ level, message, timestamp: new Date().toISOString(), service: this.service, ...this.invocation, xray_trace_id: traceId, ...this.keys, ...attributes }),
    );
  }
}
