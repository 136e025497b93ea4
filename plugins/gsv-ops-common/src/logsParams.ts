import type { EntityLogsQuery } from './logs';

/** The query string of the logs routes (`pattern` repeated). */
export function logsParams(query: EntityLogsQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (key === 'patterns') {
      for (const p of value as string[]) params.append('pattern', p);
    } else if (value !== undefined && value !== '' && value !== false) {
      params.set(key, String(value));
    }
  }
  return params;
}
