// Opening a report: the router starts its GetReport as soon as the URL names it (reportOpen.start
// in main.ts), so the call runs while the report page's chunk loads instead of after it; the page
// takes that answer once (take) and reads afresh otherwise (a reload after a conflict, a report
// opened from another report's page). An answer not taken soon is dropped: a navigation given up
// must not show a later visit an old state.
export const FRESH_MS = 5_000;

export interface ReportOpener<T> {
  start(name: string): void;
  take(name: string): Promise<T>;
}

export function reportOpener<T>(read: (name: string) => Promise<T>,
  now: () => number = () => Date.now()): ReportOpener<T> {
  let pending: { name: string; at: number; answer: Promise<T> } | undefined;
  return {
    start(name) {
      const answer = read(name);
      // A failure is the page's to show when it takes the answer, not an unhandled rejection.
      answer.catch(() => undefined);
      pending = { name, at: now(), answer };
    },
    take(name) {
      const started = pending;
      pending = undefined;
      if (started && started.name === name && now() - started.at <= FRESH_MS) return started.answer;
      return read(name);
    },
  };
}
