import { bounded } from './wait.ts';

/** One JSON log line of the adapter. */
export type LogRecord = Record<string, unknown> & { msg: string };

/**
 * Waits for log lines as they are written (the adapter's server-side signals, e.g. "long-poll waiting"):
 * feed every line to `line`; `logged` resolves with the first record `match` picks, seen before or after the call.
 */
export function watchLog() {
  const records: LogRecord[] = [];
  const waiters = new Set<(r: LogRecord) => void>();
  return {
    line(text: string) {
      let record: LogRecord;
      try {
        record = JSON.parse(text) as LogRecord;
      } catch {
        return; // not a log record (the CLI's own messages)
      }
      records.push(record);
      for (const w of waiters) w(record);
    },
    logged(what: string, match: (record: LogRecord) => boolean, ms = 10_000): Promise<LogRecord> {
      const seen = records.find(match);
      if (seen) return Promise.resolve(seen);
      let waiter!: (r: LogRecord) => void;
      const found = new Promise<LogRecord>((resolve) => {
        waiter = (r) => {
          if (match(r)) resolve(r);
        };
        waiters.add(waiter);
      });
      return bounded(`waiting for the log line: ${what}`, found, ms).finally(() => waiters.delete(waiter));
    },
  };
}
