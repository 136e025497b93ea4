import type { KubeObject } from '../api/types';
import type { ObjectStore } from '../store/ObjectStore';
import { containerEnv, httpReach, postgresAt } from './clusterNetwork';
import {
  commandWords,
  runCommand,
  shellScriptOf,
  type CommandWorld,
} from './containerCommands';
import { runShellScript } from './shellScript';
import type { SimulationState, StartedCommandRun } from './SimulationState';

/** The key of a service's simulated state: `<namespace>/<image repository name>` (`cmp/agent-registry`). */
export function serviceKeyOf(namespace: string, image: string): string {
  const repository = image.split('@')[0].replace(/:[^/:]+$/, '');
  return `${namespace}/${repository.split('/').pop()}`;
}

/**
 * The world as a container of `namespace` sees it: the migrations of the service its image belongs to, its
 * environment, the databases and Services its host names lead to.
 */
export function commandWorldOf(
  cluster: { simulation: SimulationState; store: ObjectStore; now: number },
  namespace: string,
  container: KubeObject,
): CommandWorld {
  const { simulation, store } = cluster;
  const key = serviceKeyOf(namespace, String(container.image ?? ''));
  const env = containerEnv(store, namespace, container);
  return {
    env: name => env.get(name),
    postgres: host => postgresAt(store, simulation, namespace, host),
    http: url => httpReach(store, namespace, url),
    now: () => cluster.now,
    migrations: () =>
      simulation.migrations.get(key)?.map(migration => ({ ...migration })),
    migrationFailure: () => simulation.failingMigrations.get(key),
    markApplied: names => {
      for (const migration of simulation.migrations.get(key) ?? []) {
        if (names.includes(migration.name)) migration.applied = true;
      }
    },
  };
}

/** Starts the command of the pod's first container, if the simulation knows it; remembered by pod uid. */
export function startCommandRun(
  cluster: { simulation: SimulationState; store: ObjectStore },
  pod: KubeObject,
  now: number,
  durationMs: number,
): StartedCommandRun | undefined {
  const { simulation } = cluster;
  const container = pod.spec?.containers?.[0];
  if (!container) return undefined;
  const world = commandWorldOf(
    { ...cluster, now },
    pod.metadata.namespace ?? '',
    container,
  );
  const script = shellScriptOf(container.command, container.args);
  const run =
    (script !== undefined ? runShellScript(script, world) : undefined) ??
    runCommand(commandWords(container.command, container.args), world);
  if (!run) return undefined;
  const started = { ...run, startedAt: now, durationMs };
  simulation.commandRuns.set(pod.metadata.uid ?? '', started);
  return started;
}

/**
 * The log lines of a command run written by `until` (simulated ms): spread evenly over the run, all of them once
 * the container has exited.
 */
export function commandRunLines(
  run: StartedCommandRun,
  until: number,
): Array<{ time: number; text: string }> {
  const step = run.durationMs / (run.lines.length + 1);
  return run.lines
    .map((text, index) => ({
      time: Math.round(run.startedAt + (index + 1) * step),
      text,
    }))
    .filter(entry => entry.time <= until);
}
