import type { CommandRun } from './containerCommands';

/**
 * What `curl` and `wget` do in a simulated container: a URL whose host is a Service of the cluster (`name`,
 * `name.namespace`, `name.namespace.svc[.cluster.local]`) answers 200 iff the Service has ready endpoints; a host
 * that is not a Service does not resolve. The messages and exit codes are curl's (6, 7) and busybox wget's (1).
 */

/** How a URL's host answers. */
export type HttpReach =
  | { reachable: true }
  | { reachable: false; reason: 'unresolved' }
  | { reachable: false; reason: 'refused'; address: string };

export interface HttpWorld {
  http(url: URL): HttpReach;
}

export function httpGet(words: string[], world: HttpWorld): CommandRun {
  const program = words[0].split('/').pop();
  const target = words.slice(1).find(word => /^https?:\/\//.test(word));
  if (!target)
    return {
      exitCode: program === 'curl' ? 2 : 1,
      lines: [`${program}: no URL specified`],
    };
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return {
      exitCode: 3,
      lines: [
        `${program}: (3) URL rejected: Malformed input to a URL function`,
      ],
    };
  }
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const reach = world.http(url);
  if (program === 'wget') {
    if (reach.reachable)
      return {
        exitCode: 0,
        lines: [`Connecting to ${url.host}`, 'written to stdout'],
      };
    if (reach.reason === 'unresolved')
      return {
        exitCode: 1,
        lines: [`wget: bad address '${url.hostname}:${port}'`],
      };
    return {
      exitCode: 1,
      lines: [
        `Connecting to ${url.host} (${reach.address}:${port})`,
        `wget: can't connect to remote host (${reach.address}): Connection refused`,
      ],
    };
  }
  if (reach.reachable) return { exitCode: 0, lines: [] };
  if (reach.reason === 'unresolved')
    return {
      exitCode: 6,
      lines: [`curl: (6) Could not resolve host: ${url.hostname}`],
    };
  return {
    exitCode: 7,
    lines: [
      `curl: (7) Failed to connect to ${url.hostname} port ${port} after 1 ms: Couldn't connect to server`,
    ],
  };
}
