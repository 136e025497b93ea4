import { InputError } from '@backstage/errors';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  incidentOverrideSchema,
  runbookParameterSchemas,
  type IncidentOverride,
  type RunbookDefinition,
  type RunbookId,
  type RunbookParameters,
} from '@gsv/plugin-gsv-ops-common';
import { z } from 'zod';

/** The name of a cluster as configured in `gsvOps.clusters` / `kubernetes.clusterLocatorMethods`. */
const CLUSTER_NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;

/** What every runbook action takes besides the runbook's own parameters. */
const commonInputShape = {
  entityRef: z
    .string()
    .min(3)
    .max(512)
    .describe(
      'The catalog entity the target belongs to, e.g. `component:default/agent-registry`. The gsv-ops backend checks ' +
        'that the target really belongs to it and checks the runbook permission on it.',
    ),
  cluster: z
    .string()
    .regex(
      CLUSTER_NAME,
      'A cluster name as configured in gsvOps.clusters, e.g. gsv-dev',
    )
    .describe(
      'The Kubernetes cluster to operate in, by its configured name (e.g. `gsv-dev`)',
    ),
  incident: incidentOverrideSchema
    .optional()
    .describe(
      'Only needed outside the maintenance window of the cluster’s environment: the P1/P2 incident that justifies ' +
        'the change (ops guide 6.1). The gsv-ops backend decides whether the window requires it.',
    ),
  reviewedDryRunId: z
    .string()
    .uuid('The id of an operation, a UUID')
    .optional()
    .describe(
      'The id of the dry run the person reviewed before submitting (the templates’ review field sets it). When ' +
        'given, the action refuses to run unless that dry run succeeded recently, was started by the same person, ' +
        'and planned exactly this runbook, entity, cluster and parameters.',
    ),
};

/** The object schema of a runbook's parameters, without refinements (those only exist in zod, not JSON Schema). */
export function runbookParameterObject(runbook: RunbookId): z.AnyZodObject {
  const schema: z.ZodTypeAny = runbookParameterSchemas[runbook];
  if (schema._def.typeName === z.ZodFirstPartyTypeKind.ZodEffects) {
    return (schema as z.ZodEffects<z.AnyZodObject>).innerType();
  }
  return schema as z.AnyZodObject;
}

/**
 * The input schema of a runbook action: the common fields plus `parameters`, the runbook's own parameter schema
 * from gsv-ops-common (the single source of truth, also used by the engine and by the forms).
 */
export function runbookActionInputSchema(runbook: RunbookDefinition) {
  return z
    .object({
      ...commonInputShape,
      parameters: runbookParameterObject(runbook.id).describe(
        `The parameters of the "${runbook.title}" runbook (ops guide ${runbook.guideSection})`,
      ),
    })
    .strict()
    .describe(`Input of ${runbook.actionId}`);
}

/**
 * The input of a runbook action after the handler re-validated it (defaults applied, refinements checked).
 *
 * @public
 */
export interface ParsedRunbookInput<T extends RunbookId = RunbookId> {
  /** Normalised, e.g. `component:default/agent-registry`. */
  entityRef: string;
  cluster: string;
  parameters: RunbookParameters<T>;
  incident?: IncidentOverride;
  reviewedDryRunId?: string;
}

function formatIssues(error: z.ZodError, prefix?: string): string {
  return error.issues
    .map(issue => {
      const path = [...(prefix ? [prefix] : []), ...issue.path].join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

/**
 * Re-validates an action's input inside the handler. The scaffolder only checks the JSON Schema converted from zod,
 * so defaults, refinements and the entity ref syntax are only applied here. Throws `InputError` before anything is
 * sent anywhere.
 *
 * @public
 */
export function parseRunbookInput<T extends RunbookId>(
  runbook: RunbookDefinition & { id: T },
  input: unknown,
): ParsedRunbookInput<T> {
  const common = z
    .object({ ...commonInputShape, parameters: z.unknown() })
    .strict()
    .safeParse(input);
  if (!common.success) {
    throw new InputError(
      `Invalid input for ${runbook.actionId}: ${formatIssues(common.error)}`,
    );
  }
  const parameters = runbookParameterSchemas[runbook.id].safeParse(
    common.data.parameters ?? {},
  );
  if (!parameters.success) {
    throw new InputError(
      `Invalid input for ${runbook.actionId}: ${formatIssues(
        parameters.error,
        'parameters',
      )}`,
    );
  }
  let entityRef: string;
  try {
    entityRef = stringifyEntityRef(parseEntityRef(common.data.entityRef));
  } catch (error) {
    throw new InputError(
      `Invalid input for ${runbook.actionId}: entityRef: "${common.data.entityRef}" is not an entity ref such as component:default/agent-registry`,
    );
  }
  return {
    entityRef,
    cluster: common.data.cluster,
    parameters: parameters.data as RunbookParameters<T>,
    incident: common.data.incident,
    reviewedDryRunId: common.data.reviewedDryRunId,
  };
}
