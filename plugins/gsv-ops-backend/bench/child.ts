/*
 * What the benchmark scripts share: a forked child process driven over IPC, percentiles, and the flags that let
 * a child load TypeScript.
 */
import type { ChildProcess } from 'node:child_process';

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

export const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

export class Child {
  private readonly waiters: Array<{ type: string; resolve: (m: any) => void }> = [];
  constructor(readonly process: ChildProcess) {
    process.on('message', (message: any) => {
      if (message.type === 'error') {
        console.error(message.message);
      }
      const index = this.waiters.findIndex(w => w.type === message.type);
      if (index >= 0) this.waiters.splice(index, 1)[0].resolve(message);
    });
  }
  next(type: string): Promise<any> {
    return new Promise(resolvePromise => this.waiters.push({ type, resolve: resolvePromise }));
  }
  async ask(type: string, reply = type): Promise<any> {
    const answer = this.next(reply);
    this.process.send({ type });
    return answer;
  }
}

/** Node flags that let a forked child run TypeScript, as the benchmark itself does. */
export const transform = ['--require', require.resolve('@backstage/cli/config/nodeTransform.cjs')];
