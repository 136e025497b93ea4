import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeGitRepository } from './fakeGitRepository';

interface Pull {
  number: number;
  title: string;
  body?: string;
  head: string;
  base: string;
  state: 'open' | 'closed';
  merged: boolean;
  merge_commit_sha: string | null;
}
interface Request {
  match: string[];
  body: any;
  query: URLSearchParams;
}
type Answer = [status: number, body: unknown];

const API_PREFIX = '/api/v3';
const NOT_FOUND: Answer = [404, { message: 'Not Found' }];

/**
 * Just enough of GitHub Enterprise's REST API (under /api/v3) for GithubGitHost, over one in-memory repository, with
 * GitHub's answers where the promotion depends on them: 401 without the token, 422 for a ref update that is not a
 * fast-forward and for an existing ref, `mergeable: false` when the base branch changed a file of the pull request
 * since it branched off.
 */
export class FakeGithub extends FakeGitRepository {
  readonly pulls: Pull[] = [];
  /** The Authorization header of every request. */
  readonly authorizations: string[] = [];
  /** Called before a request is answered: a test makes something happen "meanwhile". */
  beforeRequest?: (method: string, path: string) => void;
  private server?: Server;

  /** "METHOD path-pattern" (under /repos/owner/repo/) → handler. */
  private readonly routes: Record<string, (request: Request) => Answer> = {
    'GET git/ref/heads/(.+)': ({ match }) => this.ref(match[0]),
    'PATCH git/refs/heads/(.+)': ({ match, body }) =>
      this.updateRef(match[0], body),
    'POST git/refs': ({ body }) => this.createRef(body),
    'GET git/commits/(\\w+)': ({ match }) =>
      this.commits.has(match[0]) ? [200, this.commitJson(match[0])] : NOT_FOUND,
    'POST git/blobs': ({ body }) => {
      const text = Buffer.from(body.content, body.encoding).toString('utf8');
      return [201, { sha: this.blob(text) }];
    },
    'POST git/trees': ({ body }) => {
      const entries = body.tree.map((e: any) => [e.path, e.sha]);
      const base = this.trees.get(body.base_tree);
      const tree = { ...base, ...Object.fromEntries(entries) };
      return [201, { sha: this.tree(tree) }];
    },
    'POST git/commits': ({ body }) => {
      const { tree, parents, message, author } = body;
      const sha = this.commit(tree, parents, message, author);
      return [201, this.commitJson(sha)];
    },
    'GET contents/(.+)': ({ match, query }) =>
      this.contents(match[0], query.get('ref')!),
    'GET commits': ({ query }) => {
      const head = this.resolve(query.get('sha')!);
      if (!head) return NOT_FOUND;
      const commits = this.history(head, query.get('path')!);
      return [200, commits.map(commit => this.commitJson(commit.sha))];
    },
    'GET compare/(.+)\\.\\.\\.(.+)': ({ match }) => {
      const [base, head] = match.map(ref => this.resolve(ref));
      if (!base || !head) return NOT_FOUND;
      const { status, mergeBase } = this.compare(base, head);
      const merge_base_commit = { sha: mergeBase };
      return [200, { status, base_commit: { sha: base }, merge_base_commit }];
    },
    'GET pulls': ({ query }) => {
      const head = query.get('head');
      const found = this.pulls.filter(
        p =>
          `${this.owner}:${p.head}` === head && p.state === query.get('state'),
      );
      return [200, found.map(p => this.pullJson(p))];
    },
    'POST pulls': ({ body }) => this.createPull(body),
    'GET pulls/(\\d+)': ({ match }) => {
      const pull = this.pull(Number(match[0]));
      return pull ? [200, this.pullJson(pull)] : NOT_FOUND;
    },
    'GET pulls/(\\d+)/files': ({ match }) => {
      const files = this.changedFiles(this.pull(Number(match[0]))!);
      return [200, files.map(filename => ({ filename }))];
    },
  };

  constructor(
    readonly owner: string,
    readonly repo: string,
    private readonly token: string,
  ) {
    super();
  }

  /** Starts listening on loopback; answers the API base URL (GitHub Enterprise's form, `…/api/v3`). */
  async start(): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>(resolve =>
      this.server!.listen(0, '127.0.0.1', resolve),
    );
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}${API_PREFIX}`;
  }

  async stop(): Promise<void> {
    await new Promise(resolve => this.server?.close(resolve));
  }

  /** A reviewer merges pull request `number`: a merge commit of its base branch and its branch. */
  merge(number: number): string {
    const pull = this.pull(number)!;
    if (!this.mergeable(pull)) throw new Error(`#${number} conflicts`);
    const [base, head] = [pull.base, pull.head].map(b => this.resolve(b)!);
    const changed = this.changedFiles(pull).map(p => [p, this.treeOf(head)[p]]);
    const tree = this.tree({
      ...this.treeOf(base),
      ...Object.fromEntries(changed),
    });
    const reviewer = { name: 'Reviewer', email: 'reviewer@gsv.example' };
    const date = new Date().toISOString();
    const message = `Merge pull request #${number}`;
    const sha = this.commit(tree, [base, head], message, { ...reviewer, date });
    this.refs.set(`heads/${pull.base}`, sha);
    Object.assign(pull, {
      state: 'closed',
      merged: true,
      merge_commit_sha: sha,
    });
    return sha;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    let raw = '';
    req.on('data', chunk => (raw += chunk));
    req.on('end', () => {
      const [status, body] = this.answer(req, raw);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  }

  private answer(req: IncomingMessage, raw: string): Answer {
    this.authorizations.push(String(req.headers.authorization));
    if (req.headers.authorization !== `token ${this.token}`) {
      return [401, { message: 'Bad credentials' }];
    }
    const url = new URL(req.url!, 'http://fake');
    const prefix = `${API_PREFIX}/repos/${this.owner}/${this.repo}/`;
    if (!url.pathname.startsWith(prefix)) return NOT_FOUND;
    const path = decodeURIComponent(url.pathname.slice(prefix.length));
    this.beforeRequest?.(req.method!, path);
    for (const [route, handler] of Object.entries(this.routes)) {
      const [method, pattern] = route.split(' ');
      const match = new RegExp(`^${pattern}$`).exec(path);
      if (method === req.method && match) {
        const body = raw ? JSON.parse(raw) : {};
        return handler({
          match: match.slice(1),
          body,
          query: url.searchParams,
        });
      }
    }
    return NOT_FOUND;
  }

  private ref(branch: string): Answer {
    const sha = this.refs.get(`heads/${branch}`);
    if (!sha) return NOT_FOUND;
    return [
      200,
      { ref: `refs/heads/${branch}`, object: { sha, type: 'commit' } },
    ];
  }

  private updateRef(
    branch: string,
    body: { sha: string; force?: boolean },
  ): Answer {
    const current = this.refs.get(`heads/${branch}`);
    if (!current) return [422, { message: 'Reference does not exist' }];
    if (!body.force && !this.ancestors(body.sha).has(current)) {
      return [422, { message: 'Update is not a fast forward' }];
    }
    this.refs.set(`heads/${branch}`, body.sha);
    return this.ref(branch);
  }

  private createRef(body: { ref: string; sha: string }): Answer {
    const name = body.ref.replace(/^refs\//, '');
    if (this.refs.has(name))
      return [422, { message: 'Reference already exists' }];
    this.refs.set(name, body.sha);
    return [201, { ref: body.ref, object: { sha: body.sha, type: 'commit' } }];
  }

  private contents(path: string, ref: string): Answer {
    const commit = this.resolve(ref);
    const blob = commit && this.treeOf(commit)[path];
    if (!blob) return NOT_FOUND;
    const content = Buffer.from(this.blobs.get(blob)!).toString('base64');
    return [
      200,
      { type: 'file', path, sha: blob, encoding: 'base64', content },
    ];
  }

  private createPull(
    body: Pick<Pull, 'title' | 'body' | 'head' | 'base'>,
  ): Answer {
    if (!this.resolve(body.head) || !this.resolve(body.base)) {
      return [422, { message: 'Validation Failed' }];
    }
    const number = this.pulls.length + 1;
    const pull: Pull = {
      number,
      ...body,
      state: 'open',
      merged: false,
      merge_commit_sha: null,
    };
    this.pulls.push(pull);
    return [201, this.pullJson(pull)];
  }

  private pull(number: number): Pull | undefined {
    return this.pulls.find(p => p.number === number);
  }

  private mergeBase(pull: Pull): string {
    const [base, head] = [pull.base, pull.head].map(b => this.resolve(b)!);
    return this.compare(base, head).mergeBase;
  }

  /** The files the pull request's branch changed since it left its base branch. */
  private changedFiles(pull: Pull): string[] {
    return this.changedPaths(this.mergeBase(pull), this.resolve(pull.head)!);
  }

  /** Conflicted when the base branch also changed one of the pull request's files since it branched off. */
  private mergeable(pull: Pull): boolean {
    const ours = this.changedPaths(
      this.mergeBase(pull),
      this.resolve(pull.base)!,
    );
    return !this.changedFiles(pull).some(path => ours.includes(path));
  }

  private pullJson(pull: Pull) {
    const { owner, repo } = this;
    return {
      ...pull,
      html_url: `https://github.example/${owner}/${repo}/pull/${pull.number}`,
      mergeable: pull.state === 'open' ? this.mergeable(pull) : null,
      base: { ref: pull.base, sha: this.resolve(pull.base) },
      head: { ref: pull.head, sha: this.resolve(pull.head) },
    };
  }

  private commitJson(sha: string) {
    const { tree, parents, message, author } = this.commits.get(sha)!;
    const commit = { message, author };
    return {
      sha,
      tree: { sha: tree },
      parents: parents.map(p => ({ sha: p })),
      ...commit,
      commit,
    };
  }
}
