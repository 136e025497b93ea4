import { NotAllowedError, NotFoundError } from '@backstage/errors';

/** A repository of a GitHub host: `host` as `integrations.github[].host` names it. */
export interface GithubRepository {
  host: string;
  owner: string;
  repo: string;
}

const SCP_LIKE = /^[\w.-]+@([^:/]+):\/?([^/]+)\/([^/]+?)(?:\.git)?\/?$/;

/**
 * The repository of an Argo CD `repoURL`: `https://host/owner/repo(.git)`, `ssh://git@host[:port]/owner/repo.git` or
 * `git@host:owner/repo.git`. Undefined for any other form.
 */
export function parseGithubRepoURL(
  repoURL: string,
): GithubRepository | undefined {
  const scp = SCP_LIKE.exec(repoURL);
  if (scp) return { host: scp[1], owner: scp[2], repo: scp[3] };
  let url: URL;
  try {
    url = new URL(repoURL);
  } catch {
    return undefined;
  }
  if (!['https:', 'http:', 'ssh:'].includes(url.protocol)) return undefined;
  const parts = url.pathname
    .replace(/^\/+|\/+$/g, '')
    .replace(/\.git$/, '')
    .split('/');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return undefined;
  // an ssh port is not the web host's: integrations are keyed by the web host
  return {
    host: url.protocol === 'ssh:' ? url.hostname : url.host,
    owner: parts[0],
    repo: parts[1],
  };
}

/** What GitHub said about a failed request (its JSON `message`), or why there was no answer. */
export function githubMessage(error: unknown): string {
  const data = (error as { response?: { data?: unknown } }).response?.data;
  const said = (data as { message?: unknown } | undefined)?.message;
  if (typeof said === 'string') return said;
  return error instanceof Error ? error.message : String(error);
}

/** The HTTP status of an Octokit RequestError; undefined when GitHub did not answer. */
export function githubStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' && status > 0 ? status : undefined;
}

/**
 * A failed GitHub request as a user reads it: credentials refused → NotAllowedError naming the integration, missing →
 * NotFoundError naming the repository and what was asked for, else a plain Error with GitHub's message. Octokit's own
 * error (request options, headers) is never passed on.
 */
export function githubError(
  repository: GithubRepository,
  what: string,
  error: unknown,
): Error {
  const status = githubStatus(error);
  const where = `${repository.owner}/${repository.repo} on ${repository.host}`;
  const said = githubMessage(error);
  if (status === 401 || status === 403) {
    return new NotAllowedError(
      `GitHub refused ${what} of ${where} (HTTP ${status}: ${said}); check the token or app of integrations.github host ${repository.host}: it needs contents and pull requests write access`,
    );
  }
  if (status === 404) {
    return new NotFoundError(
      `GitHub has no ${what} in ${where}, or the credentials of integrations.github host ${repository.host} cannot see it`,
    );
  }
  return new Error(
    `GitHub answered ${what} of ${where} with ${
      status ? `HTTP ${status}` : 'no response'
    }: ${said}`,
  );
}
