import type { OpenApiSchema } from '../types';
import { array, boolean, integer, map, object, open, resource, string } from './schemaBuilders';

/**
 * CloudNativePG's Pooler (api/v1/pooler_types.go, v1.25): PgBouncer in front of a Cluster's rw/ro/r service. Every
 * top-level field of spec and status is declared; the pod template and the service template stay open objects.
 */

const localObjectReference = object({ name: string() }, { required: ['name'] });
const secretVersion = object({ name: string('The name of the secret'), version: string('The ResourceVersion of the secret') });

const pgBouncerSpec = object(
  {
    authQuery: string('The query that will be used to download the hash of the password of a certain user'),
    authQuerySecret: localObjectReference,
    parameters: map(string(), 'Additional parameters to be passed to PgBouncer - please check the CNPG documentation for a list of options you can configure'),
    pg_hba: array(string(), 'PostgreSQL Host Based Authentication rules (lines to be appended to the pg_hba.conf file)'),
    paused: { ...boolean('When set to `true`, PgBouncer will disconnect from the PostgreSQL server, first waiting for all queries to complete, and pause all new client connections until this value is set to `false` (default)'), default: false },
    poolMode: { type: 'string', enum: ['session', 'transaction'], default: 'session', description: 'The pool mode. Default: `session`.' },
  },
  { description: 'The PgBouncer configuration' },
);

const poolerSpec = object(
  {
    cluster: localObjectReference,
    deploymentStrategy: open('The deployment strategy to use for pgbouncer to replace existing pods with new ones'),
    instances: { ...integer('The number of replicas we want. Default: 1.'), default: 1 },
    monitoring: open('The configuration of the monitoring infrastructure of this pooler.'),
    pgbouncer: pgBouncerSpec,
    serviceAccountName: string('Name of an existing ServiceAccount in the same namespace to use for the pooler.'),
    serviceTemplate: open('Template for the Service to be created'),
    template: open('The template of the Pod to be created'),
    type: { type: 'string', enum: ['rw', 'ro', 'r'], default: 'rw', description: 'Type of service to forward traffic to. Default: `rw`.' },
  },
  { required: ['cluster', 'pgbouncer'], description: 'Specification of the desired behavior of the Pooler.' },
);

const poolerStatus = object(
  {
    instances: integer('The number of pods trying to be scheduled'),
    secrets: object({
      clientCA: secretVersion,
      pgBouncerSecrets: object({ authQuery: secretVersion }),
      serverCA: secretVersion,
      serverTLS: secretVersion,
    }),
  },
  { description: 'Most recently observed status of the Pooler.' },
);

export const poolerSchema: OpenApiSchema = resource('Pooler is the Schema for the poolers API', poolerSpec, poolerStatus);
