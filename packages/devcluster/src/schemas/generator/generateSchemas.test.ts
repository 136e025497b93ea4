import { upstreamName } from './generateSchemas';
import { refineFromValidator, type CompiledValidator } from './refineFromValidator';

describe('the schema generator', () => {
  it('names definitions as the upstream OpenAPI document does', () => {
    expect(upstreamName('IoK8sApiAppsV1DeploymentSpec')).toBe('io.k8s.api.apps.v1.DeploymentSpec');
    expect(upstreamName('IoK8sApimachineryPkgApisMetaV1ObjectMeta')).toBe('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
    expect(upstreamName('IoK8sApiAutoscalingV2HorizontalPodAutoscaler')).toBe('io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler');
    expect(upstreamName('IoK8sApimachineryPkgRuntimeRawExtension')).toBe('io.k8s.apimachinery.pkg.runtime.RawExtension');
  });

  it('learns integer, int32 and string formats from what the compiled validator rejects', async () => {
    // A validator shaped like the kubernetes-models ones: `replicas` is an int32, `ratio` a number, `since` a date-time.
    const validate: CompiledValidator = Object.assign(
      (data: unknown) => {
        const value = data as Record<string, unknown>;
        const errors = [];
        if (typeof value.replicas === 'number' && !Number.isInteger(value.replicas)) errors.push({ instancePath: '/replicas', keyword: 'type', params: { type: 'integer' } });
        if (typeof value.replicas === 'number' && Math.abs(value.replicas) > 2 ** 31) errors.push({ instancePath: '/replicas', keyword: 'format', params: { format: 'int32' } });
        if (typeof value.since === 'string') errors.push({ instancePath: '/since', keyword: 'format', params: { format: 'date-time' } });
        validate.errors = errors.length ? errors : null;
        return errors.length === 0;
      },
      { errors: null },
    );
    const schema = { type: 'object' as const, properties: { replicas: { type: 'number' as const }, ratio: { type: 'number' as const }, since: { type: 'string' as const }, name: { type: 'string' as const } } };
    await refineFromValidator(schema, validate);
    expect(schema.properties).toEqual({
      replicas: { type: 'integer', format: 'int32' },
      ratio: { type: 'number', format: 'double' },
      since: { type: 'string', format: 'date-time' },
      name: { type: 'string' },
    });
  });
});
