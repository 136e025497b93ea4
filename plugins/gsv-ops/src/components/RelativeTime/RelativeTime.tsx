import { formatDateTime, formatRelative } from '../../lib/format';
import { useCurrentTime } from '../../hooks/useCurrentTime';

export interface RelativeTimeProps {
  /** ISO-8601 timestamp. */
  value?: string;
  /** Shown when the time is missing. */
  fallback?: string;
  prefix?: string;
}

/** "5 minutes ago" with the absolute time on hover and in `dateTime`; updates with the page clock. */
export const RelativeTime = ({
  value,
  fallback = '—',
  prefix,
}: RelativeTimeProps) => {
  const now = useCurrentTime();
  const relative = formatRelative(value, now);
  if (!value || !relative) return <>{fallback}</>;
  return (
    <time dateTime={value} title={formatDateTime(value)}>
      {prefix ? `${prefix} ${relative}` : relative}
    </time>
  );
};
