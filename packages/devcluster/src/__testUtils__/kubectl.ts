import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DevCluster } from '../cluster/startDevCluster';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The machine's kubectl against the emulator, with its own kubeconfig and discovery cache. */
export function kubectlFor(cluster: DevCluster, directory: string) {
  const kubeconfigs: Record<string, string> = {};
  for (const user of ['admin', 'backend', 'viewer'] as const) {
    kubeconfigs[user] = join(directory, `${user}.kubeconfig`);
    writeFileSync(kubeconfigs[user], cluster.kubeconfig(user));
  }
  return (args: string[], user: 'admin' | 'backend' | 'viewer' = 'admin'): Promise<KubectlResult> =>
    new Promise(resolve => {
      execFile(
        'kubectl',
        ['--kubeconfig', kubeconfigs[user], '--cache-dir', join(directory, 'cache'), ...args],
        { env: { ...process.env, HOME: directory, KUBECONFIG: '' }, timeout: 60_000 },
        (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
}
