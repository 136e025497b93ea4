/**
 * The shared vocabulary of the conformance battery: a case is a named check that throws when what a real client
 * got differs from what a real API server answers; results print as `PASS|FAIL <client>: <name>`.
 */

export interface CaseResult {
  client: string;
  name: string;
  ok: boolean;
  detail?: string;
}

export class Mismatch extends Error {}

/** Throws a Mismatch unless `actual` matches `expected` (a RegExp, or a string it must contain). */
export function expectText(what: string, actual: string, expected: RegExp | string): void {
  const matches = typeof expected === 'string' ? actual.includes(expected) : expected.test(actual);
  if (!matches) throw new Mismatch(`${what}: expected ${String(expected)}, got ${JSON.stringify(actual.slice(0, 400))}`);
}

export function expectEqual<T>(what: string, actual: T, expected: T): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Mismatch(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)?.slice(0, 400)}`);
  }
}

export function formatResult(result: CaseResult): string {
  return `${result.ok ? 'PASS' : 'FAIL'} ${result.client}: ${result.name}${result.ok ? '' : ` — ${result.detail ?? ''}`}`;
}

/** Polls `check` (real time) until it stops throwing, for what takes controllers a moment. */
export async function eventually(check: () => Promise<void>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  }
}
