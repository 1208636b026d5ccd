// How CLI commands write: results to stdout, diagnostics to stderr.
import type { EventLog } from '../app/process-event.ts';

export const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

export const consoleLog: EventLog = {
  info() {},
  warn: (message, attributes) => console.error(`warning: ${message}`, attributes ?? ''),
  error: (message, attributes) => console.error(`error: ${message}`, attributes ?? ''),
};
