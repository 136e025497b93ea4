import type { Config } from '@backstage/config';
import {
  GSV_OPS_ANNOTATIONS,
  type AlertingSourceError,
  type DashboardLink,
} from '@gsv/plugin-gsv-ops-common';
import { z } from 'zod';

/** A dashboard of `gsvOps.dashboards`: a title and a url template, for every environment or one. */
export interface DashboardTemplate {
  title: string;
  url: string;
  environment?: string;
}

const PLACEHOLDERS = ['namespace', 'service', 'cluster', 'environment'];

const urlTemplate = z
  .string()
  .regex(/^https?:\/\//, 'must be an http(s) URL')
  .refine(
    url =>
      [...url.matchAll(/\{([^}]*)\}/g)].every(([, name]) =>
        PLACEHOLDERS.includes(name),
      ),
    `may only use the placeholders ${PLACEHOLDERS.map(p => `{${p}}`).join(
      ', ',
    )}`,
  );

const dashboardSchema = z
  .object({
    title: z.string().min(1).max(100),
    url: urlTemplate,
    environment: z.string().min(1).optional(),
  })
  .strict();

const annotationSchema = z.array(dashboardSchema.omit({ environment: true }));

/** Reads `gsvOps.dashboards`; an invalid entry stops the backend with the path of the mistake. */
export function readDashboardsConfig(config: Config): DashboardTemplate[] {
  const value = config.getOptional('gsvOps.dashboards') ?? [];
  const result = z.array(dashboardSchema).safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(
      `Invalid config at gsvOps.dashboards${issue.path
        .map(p => (typeof p === 'number' ? `[${p}]` : `.${p}`))
        .join('')}: ${issue.message}`,
    );
  }
  return result.data;
}

/**
 * The dashboards of a service in one cluster: the configured ones for its environment, then the entity's own
 * (`gsv.io/dashboards`), with `{namespace}`, `{service}`, `{cluster}` and `{environment}` filled in (URL-encoded).
 */
export function dashboardsFor(options: {
  templates: DashboardTemplate[];
  annotations: Record<string, string>;
  values: {
    namespace: string;
    service: string;
    cluster: string;
    environment: string;
  };
}): { dashboards: DashboardLink[]; problems: AlertingSourceError[] } {
  const { templates, annotations, values } = options;
  const fill = (url: string) =>
    url.replace(/\{(namespace|service|cluster|environment)\}/g, (_, name) =>
      encodeURIComponent(values[name as keyof typeof values]),
    );
  const dashboards: DashboardLink[] = templates
    .filter(t => !t.environment || t.environment === values.environment)
    .map(t => ({ title: t.title, url: fill(t.url), source: 'config' }));
  const problems: AlertingSourceError[] = [];
  const raw = annotations[GSV_OPS_ANNOTATIONS.dashboards];
  if (raw) {
    let parsed: z.SafeParseReturnType<unknown, DashboardTemplate[]>;
    try {
      parsed = annotationSchema.safeParse(JSON.parse(raw));
    } catch {
      parsed = annotationSchema.safeParse(undefined);
    }
    if (parsed.success) {
      dashboards.push(
        ...parsed.data.map(t => ({
          title: t.title,
          url: fill(t.url),
          source: 'annotation' as const,
        })),
      );
    } else {
      problems.push({
        source: 'configuration',
        message: `The ${GSV_OPS_ANNOTATIONS.dashboards} annotation is ignored: it must be a JSON list of {"title", "url"} with http(s) urls`,
      });
    }
  }
  return { dashboards, problems };
}
