import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { eventually, expectEqual, expectText, Mismatch, type CaseResult } from './battery';

/**
 * The kubectl part of the battery: the machine's kubectl against the emulator, each case with the output a real
 * API server (1.32) makes kubectl print. Cases run in order against one cluster and build on each other.
 */

type User = 'admin' | 'viewer' | 'backend';

interface Output {
  code: number;
  stdout: string;
  stderr: string;
}

export interface KubectlContext {
  kubeconfigs: Record<User, string>;
  directory: string;
}

function kubectl(context: KubectlContext, args: string[], options: { stdin?: string; user?: User } = {}): Promise<Output> {
  return new Promise(resolve => {
    const child = execFile(
      'kubectl',
      ['--kubeconfig', context.kubeconfigs[options.user ?? 'admin'], '--cache-dir', join(context.directory, 'cache'), ...args],
      { env: { ...process.env, HOME: context.directory, KUBECONFIG: '' }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(options.stdin ?? '');
  });
}

type Step = (k: Kubectl) => Promise<void>;

/** What a case gets: kubectl expecting success (stdout back) or failure (stderr back). */
export class Kubectl {
  constructor(private readonly context: KubectlContext) {}

  async ok(args: string[], expected?: RegExp | string, options: { stdin?: string; user?: User } = {}): Promise<string> {
    const output = await kubectl(this.context, args, options);
    if (output.code !== 0) throw new Mismatch(`kubectl ${args.join(' ')} exited ${output.code}: ${output.stderr.trim().slice(0, 400)}`);
    if (expected !== undefined) expectText('stdout', output.stdout, expected);
    return output.stdout;
  }

  async fails(args: string[], expected: RegExp | string, options: { stdin?: string; user?: User } = {}): Promise<string> {
    const output = await kubectl(this.context, args, options);
    if (output.code === 0) throw new Mismatch(`kubectl ${args.join(' ')} succeeded; expected an error matching ${String(expected)}`);
    expectText('stderr', output.stderr, expected);
    return output.stderr;
  }

  /** Succeeds with a warning on stderr. */
  async warns(args: string[], stdout: RegExp | string, warning: RegExp | string, options: { stdin?: string } = {}): Promise<void> {
    const output = await kubectl(this.context, args, options);
    if (output.code !== 0) throw new Mismatch(`kubectl ${args.join(' ')} exited ${output.code}: ${output.stderr.trim().slice(0, 400)}`);
    expectText('stdout', output.stdout, stdout);
    expectText('stderr', output.stderr, warning);
  }

  /** Runs kubectl and returns what it printed and its exit code, whatever they are. */
  run(args: string[], options: { stdin?: string; user?: User } = {}): Promise<Output> {
    return kubectl(this.context, args, options);
  }

  /** The first pod name matching a label selector. */
  async podName(namespace: string, selector: string): Promise<string> {
    return (await this.ok(['get', 'pods', '-n', namespace, '-l', selector, '-o', 'jsonpath={.items[0].metadata.name}'])).trim();
  }
}

export async function runKubectlBattery(
  context: KubectlContext,
  cases: Array<[string, Step]>,
  report: (result: CaseResult) => void,
): Promise<void> {
  const client = new Kubectl(context);
  for (const [name, step] of cases) {
    try {
      await step(client);
      report({ client: 'kubectl', name, ok: true });
    } catch (error) {
      report({ client: 'kubectl', name, ok: false, detail: (error as Error).message });
    }
  }
}

export { eventually, expectEqual, expectText };
