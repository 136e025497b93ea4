import {
  fallbackTemplatePath,
  runbookFormData,
  runbookTarget,
  withFormData,
} from './runbookLinks';

describe('runbook links', () => {
  const target = {
    cluster: 'gsv-dev',
    environment: 'dev',
    namespace: 'cmp',
    name: 'cmp-postgres',
  };

  it('fills the form the way the runbook templates read it: the entity and the picked target', () => {
    expect(runbookFormData('component:default/agent-registry', target)).toEqual(
      {
        entityRef: 'component:default/agent-registry',
        target: {
          cluster: 'gsv-dev',
          environment: 'dev',
          namespace: 'cmp',
          name: 'cmp-postgres',
        },
      },
    );
  });

  it('prefills further parameters when there are some', () => {
    expect(
      runbookFormData('component:default/agent-registry', {
        ...target,
        name: 'agent-registry',
        parameters: { replicas: 3 },
      }),
    ).toEqual({
      entityRef: 'component:default/agent-registry',
      target: {
        cluster: 'gsv-dev',
        environment: 'dev',
        namespace: 'cmp',
        name: 'agent-registry',
      },
      parameters: { replicas: 3 },
    });
  });

  it('encodes the form data as the scaffolder reads it', () => {
    const url = withFormData(
      fallbackTemplatePath({ templateName: 'gsv-backup-database' }),
      { a: 'b c' },
    );
    expect(url).toBe(
      '/create/templates/default/gsv-backup-database?formData=%7B%22a%22%3A%22b%20c%22%7D',
    );
    expect(
      JSON.parse(new URL(url, 'http://x').searchParams.get('formData')!),
    ).toEqual({ a: 'b c' });
  });

  it('aims at an object of the cluster a view shows', () => {
    const view = { cluster: { name: 'gsv-dev', environment: 'dev' } };
    expect(
      runbookTarget(view, { namespace: 'cmp', name: 'cmp-postgres' }),
    ).toEqual(target);
    expect(
      runbookTarget(
        view,
        { namespace: 'cmp', name: 'agent-registry' },
        {
          replicas: 3,
        },
      ),
    ).toEqual({
      ...target,
      name: 'agent-registry',
      parameters: { replicas: 3 },
    });
  });
});
