import type { SchemaViolation } from '../api/schemaEnforcement';
import { startDevCluster, type DevCluster, type DevClusterOptions } from '../cluster/startDevCluster';

function describeViolations(violations: ReadonlyArray<SchemaViolation>): string {
  const lines = new Set(violations.flatMap(v => v.problems.map(problem => `${v.kind} ${v.namespace ?? ''}/${v.name ?? ''}: ${problem}`)));
  return [...lines].slice(0, 40).join('\n');
}

/**
 * Starts clusters for a test file and stops them after each test. The clock is manual by default (time moves
 * only through `cluster.clock.advance`), so controller stories are deterministic. The embedded monitoring is off
 * unless asked for: it scrapes every 15 s of cluster time, which adds up when a test fast-forwards days.
 */
export function useClusters() {
  const started: DevCluster[] = [];
  afterEach(async () => {
    const clusters = started.splice(0);
    await Promise.all(clusters.map(cluster => cluster.stop()));
    const violations = clusters.flatMap(cluster => cluster.schemaViolations);
    if (violations.length) {
      throw new Error(`objects written by the seed or the controllers do not match their schemas:\n${describeViolations(violations)}`);
    }
  });
  return async (options: DevClusterOptions = {}): Promise<DevCluster> => {
    const cluster = await startDevCluster({ clock: { manual: true, start: '2026-11-25T10:00:00Z' }, monitoring: false, ...options });
    started.push(cluster);
    return cluster;
  };
}
