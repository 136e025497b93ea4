import type { KubeObject } from '../api/types';
import {
  commandWords,
  runCommand,
  type CommandWorld,
} from './containerCommands';
import type { SimulationState, StartedCommandRun } from './SimulationState';

/** The key of a service's simulated state: `<namespace>/<image repository name>` (`cmp/agent-registry`). */
export function serviceKeyOf(namespace: string, image: string): string {
  const repository = image.split('@')[0].replace(/:[^/:]+$/, '');
  return `${namespace}/${repository.split('/').pop()}`;
}

/** The world as the container of `pod` sees it: the migrations of the service its image belongs to. */
export function commandWorldOf(
  simulation: SimulationState,
  namespace: string,
  image: string,
): CommandWorld {
  const key = serviceKeyOf(namespace, image);
  return {
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
  simulation: SimulationState,
  pod: KubeObject,
  now: number,
  durationMs: number,
): StartedCommandRun | undefined {
  const container = pod.spec?.containers?.[0];
  if (!container) return undefined;
  const world = commandWorldOf(
    simulation,
    pod.metadata.namespace ?? '',
    String(container.image ?? ''),
  );
  const run = runCommand(
    commandWords(container.command, container.args),
    world,
  );
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
