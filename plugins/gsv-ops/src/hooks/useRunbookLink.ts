import { useCallback } from 'react';
import { useRouteRef } from '@backstage/core-plugin-api';
import type { RunbookDefinition } from '@gsv/plugin-gsv-ops-common';
import { createFromTemplateRouteRef } from '../routes';
import {
  fallbackTemplatePath,
  RUNBOOK_TEMPLATE_NAMESPACE,
  runbookFormData,
  RunbookTarget,
  withFormData,
} from '../lib/runbookLinks';

/** Builds the link that opens a runbook's template with the form prefilled for an entity's target. */
export function useRunbookLink(): (
  runbook: RunbookDefinition,
  entityRef: string,
  target: RunbookTarget,
) => string {
  const templateRoute = useRouteRef(createFromTemplateRouteRef);
  return useCallback(
    (runbook, entityRef, target) => {
      const path = templateRoute
        ? templateRoute({
            namespace: RUNBOOK_TEMPLATE_NAMESPACE,
            templateName: runbook.templateName,
          })
        : fallbackTemplatePath(runbook);
      return withFormData(path, runbookFormData(entityRef, target));
    },
    [templateRoute],
  );
}
