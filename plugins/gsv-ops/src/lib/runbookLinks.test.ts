import { RUNBOOKS } from '@gsv/plugin-gsv-ops-common';
import { fallbackTemplatePath, RUNBOOK_TARGET_PARAMETER, runbookFormData, withFormData } from './runbookLinks';

describe('runbook links', () => {
  const target = { cluster: 'gsv-dev', environment: 'dev', namespace: 'cmp', name: 'cmp-postgres' };

  it('fills the form in the shape of the action input, naming the target by the runbook’s own parameter', () => {
    expect(runbookFormData('database-backup', 'component:default/agent-registry', target)).toEqual({
      entityRef: 'component:default/agent-registry',
      cluster: 'gsv-dev',
      parameters: { namespace: 'cmp', cluster: 'cmp-postgres' },
    });
    expect(
      runbookFormData('deployment-scale', 'component:default/agent-registry', {
        ...target,
        name: 'agent-registry',
        parameters: { replicas: 3 },
      }).parameters,
    ).toEqual({ namespace: 'cmp', deployment: 'agent-registry', replicas: 3 });
    expect(runbookFormData('workload-cleanup', 'component:default/agent-registry', target).parameters).toEqual({
      namespace: 'cmp',
    });
  });

  it('knows the target parameter of every runbook', () => {
    for (const runbook of RUNBOOKS) {
      expect(Object.keys(RUNBOOK_TARGET_PARAMETER)).toContain(runbook.id);
    }
  });

  it('encodes the form data as the scaffolder reads it', () => {
    const url = withFormData(fallbackTemplatePath({ templateName: 'gsv-backup-database' }), { a: 'b c' });
    expect(url).toBe('/create/templates/default/gsv-backup-database?formData=%7B%22a%22%3A%22b%20c%22%7D');
    expect(JSON.parse(new URL(url, 'http://x').searchParams.get('formData')!)).toEqual({ a: 'b c' });
  });
});
