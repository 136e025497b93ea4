import {
  buildRunbookRequest,
  requestFingerprint,
  reviewProblem,
  runbookTemplateFormData,
  type DryRunReviewUiOptions,
  type RunbookFormData,
} from './runbookForm';

const scale: DryRunReviewUiOptions = {
  runbook: 'deployment-scale',
  targetParameter: 'deployment',
  parameters: ['replicas', 'timeoutSeconds'],
};

const form: RunbookFormData = {
  entityRef: 'component:default/agent-registry',
  target: {
    cluster: 'gsv-dev',
    environment: 'dev',
    namespace: 'cmp',
    name: 'agent-registry',
  },
  parameters: { replicas: 3, timeoutSeconds: undefined, stale: 'ignored' },
};

describe('buildRunbookRequest', () => {
  it('maps the form to the runbook’s request: target → namespace and target parameter, listed parameters only', () => {
    expect(buildRunbookRequest(scale, form)).toEqual({
      request: {
        runbook: 'deployment-scale',
        entityRef: 'component:default/agent-registry',
        cluster: 'gsv-dev',
        parameters: {
          namespace: 'cmp',
          deployment: 'agent-registry',
          replicas: 3,
        },
      },
    });
  });

  it('uses a namespace target’s name as the namespace', () => {
    const built = buildRunbookRequest(
      {
        runbook: 'workload-cleanup',
        targetParameter: 'namespace',
        parameters: ['maxDeletions'],
      },
      {
        entityRef: 'component:default/agent-registry',
        target: { cluster: 'gsv-dev', name: 'cmp' },
        parameters: { maxDeletions: 5 },
      },
    );
    expect(built.request?.parameters).toEqual({
      namespace: 'cmp',
      maxDeletions: 5,
    });
  });

  it('adds the incident only when the change is declared outside the window', () => {
    const incident = { id: 'INC-1', severity: 'P2' as const };
    expect(
      buildRunbookRequest(scale, { ...form, incident }).request?.incident,
    ).toBeUndefined();
    expect(
      buildRunbookRequest(scale, { ...form, outsideWindow: true, incident })
        .request?.incident,
    ).toEqual(incident);
  });

  it('lists what is missing', () => {
    expect(buildRunbookRequest(scale, {})).toEqual({
      missing: ['the entity', 'the target'],
    });
    expect(
      buildRunbookRequest(scale, {
        ...form,
        outsideWindow: true,
        incident: { id: 'INC-1' },
      }),
    ).toEqual({
      missing: ['the incident id and severity'],
    });
    expect(buildRunbookRequest(undefined, form).missing).toHaveLength(1);
  });
});

describe('requestFingerprint', () => {
  it('is the same for equal requests whatever the key order, and differs when a value differs', () => {
    const a = buildRunbookRequest(scale, form).request!;
    const b = {
      ...a,
      parameters: {
        replicas: 3,
        deployment: 'agent-registry',
        namespace: 'cmp',
      },
    };
    expect(requestFingerprint(a)).toBe(requestFingerprint(b));
    expect(requestFingerprint(a)).toMatch(/^[0-9a-f]{16}$/);
    expect(
      requestFingerprint({
        ...a,
        parameters: { ...a.parameters, replicas: 4 },
      }),
    ).not.toBe(requestFingerprint(a));
    expect(requestFingerprint({ ...a, cluster: 'gsv-prod' })).not.toBe(
      requestFingerprint(a),
    );
  });
});

describe('reviewProblem', () => {
  const fingerprint = requestFingerprint(
    buildRunbookRequest(scale, form).request!,
  );

  it('accepts an acknowledged review of the current values', () => {
    expect(
      reviewProblem(
        { operationId: 'op-1', fingerprint, acknowledged: true },
        scale,
        form,
      ),
    ).toBeUndefined();
  });

  it('refuses a missing or unacknowledged review', () => {
    expect(reviewProblem(undefined, scale, form)).toMatch(/Run the dry run/);
    expect(reviewProblem({}, scale, form)).toMatch(/Run the dry run/);
    expect(
      reviewProblem(
        { operationId: 'op-1', fingerprint, acknowledged: false },
        scale,
        form,
      ),
    ).toMatch(/Run the dry run/);
  });

  it('refuses a review when the form changed after the dry run', () => {
    const changed = { ...form, parameters: { replicas: 30 } };
    expect(
      reviewProblem(
        { operationId: 'op-1', fingerprint, acknowledged: true },
        scale,
        changed,
      ),
    ).toBe(
      'The form changed after the dry run: run the dry run again and review the new plan',
    );
    const elsewhere = {
      ...form,
      target: { ...form.target!, cluster: 'gsv-prod' },
    };
    expect(
      reviewProblem(
        { operationId: 'op-1', fingerprint, acknowledged: true },
        scale,
        elsewhere,
      ),
    ).toMatch(/The form changed/);
  });
});

describe('runbookTemplateFormData', () => {
  it('is the prefill the templates read', () => {
    const target = {
      cluster: 'gsv-dev',
      environment: 'dev',
      namespace: 'cmp',
      name: 'agent-registry',
    };
    expect(
      runbookTemplateFormData('component:default/agent-registry', target, {
        replicas: 3,
      }),
    ).toEqual({
      entityRef: 'component:default/agent-registry',
      target,
      parameters: { replicas: 3 },
    });
    expect(
      runbookTemplateFormData('component:default/agent-registry', target),
    ).toEqual({
      entityRef: 'component:default/agent-registry',
      target,
    });
  });
});
