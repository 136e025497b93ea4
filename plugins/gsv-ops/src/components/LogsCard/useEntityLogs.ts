import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type {
  EntityLogs,
  EntityLogsQuery,
  LogLine,
} from '@gsv/plugin-gsv-ops-common';
import { gsvOpsApiRef } from '../../api/GsvOpsApi';
import { isAbortError } from '../../lib/errors';

/** How many followed lines the card keeps. */
const MAX_FOLLOWED = 1000;

/**
 * The entity's recent logs for a query (read again when the query changes), and, while `follow` is on, the lines of
 * the chosen pod's container as they come — with why following ended.
 */
export function useEntityLogs(
  entityRef: string,
  query: EntityLogsQuery,
  follow: boolean,
) {
  const api = useApi(gsvOpsApiRef);
  const [state, setState] = useState<{
    logs?: EntityLogs;
    error?: Error;
    loading: boolean;
  }>({ loading: true });
  const [followed, setFollowed] = useState<LogLine[]>([]);
  const [followEnd, setFollowEnd] = useState<string>();
  const key = JSON.stringify(query);
  const queryRef = useRef(query);
  queryRef.current = query;

  useEffect(() => {
    const controller = new AbortController();
    setState(s => ({ ...s, loading: true }));
    api
      .getEntityLogs(entityRef, queryRef.current, { signal: controller.signal })
      .then(logs => setState({ logs, loading: false }))
      .catch(error => {
        if (!isAbortError(error)) setState({ error, loading: false });
      });
    return () => controller.abort();
  }, [api, entityRef, key]);

  const onLine = useCallback(
    (line: LogLine) =>
      setFollowed(lines => [...lines, line].slice(-MAX_FOLLOWED)),
    [],
  );

  useEffect(() => {
    const pod = queryRef.current.pod;
    setFollowed([]);
    setFollowEnd(undefined);
    if (!follow || !pod) return undefined;
    const controller = new AbortController();
    api
      .followEntityLogs(entityRef, { ...queryRef.current, pod }, onLine, {
        signal: controller.signal,
      })
      .then(setFollowEnd)
      .catch(error => {
        if (!isAbortError(error)) setFollowEnd(error.message);
      });
    return () => controller.abort();
  }, [api, entityRef, key, follow, onLine]);

  return { ...state, followed, followEnd };
}
