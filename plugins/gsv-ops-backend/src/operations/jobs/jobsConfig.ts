import type { Config } from '@backstage/config';
import { z } from 'zod';
import { parseWith } from '../../config/parseWith';

/** How the engine runs commands as Kubernetes Jobs (`gsvOps.operations.jobs`). */
export interface JobsConfig {
  activeDeadlineSeconds: number;
  keepFailedMinutes: number;
}

/** The commands of the database-migrate runbook (`gsvOps.migrations`); annotations win over them. */
export interface MigrationsConfig {
  command: string;
  planCommand: string;
}

export const DEFAULT_MIGRATE_COMMAND = 'python manage.py migrate --noinput';
export const DEFAULT_MIGRATE_PLAN_COMMAND = 'python manage.py showmigrations';

export function readJobsConfig(config: Config): { jobs: JobsConfig; migrations: MigrationsConfig } {
  const jobs = parseWith(
    z
      .object({
        activeDeadlineSeconds: z.number().int().min(30).max(24 * 3600).optional(),
        keepFailedMinutes: z.number().int().min(0).max(7 * 24 * 60).optional(),
      })
      .strict(),
    config.getOptional('gsvOps.operations.jobs') ?? {},
    'gsvOps.operations.jobs',
  );
  const command = z.string().trim().min(1).max(1000).optional();
  const migrations = parseWith(
    z.object({ command, planCommand: command }).strict(),
    config.getOptional('gsvOps.migrations') ?? {},
    'gsvOps.migrations',
  );
  return {
    jobs: { activeDeadlineSeconds: jobs.activeDeadlineSeconds ?? 900, keepFailedMinutes: jobs.keepFailedMinutes ?? 60 },
    migrations: { command: migrations.command ?? DEFAULT_MIGRATE_COMMAND, planCommand: migrations.planCommand ?? DEFAULT_MIGRATE_PLAN_COMMAND },
  };
}
