// The embedded mode's log integrator: integrates pending version records and signs a checkpoint on
// a short timer (the Lambda integrator's role on AWS), one run at a time.
import { LogBusyError } from '../core/errors.ts';
import { integrateLog, type IntegrationResult, type IntegratorDeps } from '../app/transparency-log.ts';

/** How often `redline start` integrates: the record-to-checkpoint delay is at most this plus one run. */
export const LOCAL_INTEGRATION_INTERVAL_MS = 500;

export interface LogTimer {
  /** Resolves after the run in flight (if any); no run starts after it. */
  stop(): Promise<void>;
}

export function startLogTimer(
  deps: IntegratorDeps,
  options: { intervalMs?: number; onIntegrated?: (result: IntegrationResult) => void; onError: (error: unknown) => void },
): LogTimer {
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = integrateLog(deps)
      .then((result) => {
        if (result.signed) options.onIntegrated?.(result);
      })
      .catch((error: unknown) => {
        // Another integrator (a `redline log checkpoint` in another terminal) is at work: next tick.
        if (!(error instanceof LogBusyError)) options.onError(error);
      })
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, options.intervalMs ?? LOCAL_INTEGRATION_INTERVAL_MS);
  tick();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
