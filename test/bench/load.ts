import autocannon from 'autocannon';
import { percentile } from './support.ts';

/**
 * One autocannon run against a page: requests/s, p50/p95/p99 latency (from every response, so
 * the percentiles are exact), errors and non-2xx responses. Used by the page bench (bench.ts)
 * and the meeting page bench (meeting.ts).
 */
export async function loadPage(
  url: string,
  options: { cookie?: string | undefined; seconds: number; connections: number },
) {
  const latencies: number[] = [];
  const instance = autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    headers: {
      'accept-encoding': 'gzip',
      ...(options.cookie ? { cookie: options.cookie } : {}),
    },
  });
  (instance as unknown as NodeJS.EventEmitter).on('response', (...event: unknown[]) => {
    latencies.push(event[3] as number);
  });
  const result = await instance;
  return {
    requestsPerSecond: result.requests.total / options.seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

export type LoadResult = Awaited<ReturnType<typeof loadPage>>;
