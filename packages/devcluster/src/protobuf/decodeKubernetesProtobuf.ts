import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';
import { unsupportedMediaType } from '../api/errors';
import type { KubeObject } from '../api/types';
import { packagePath } from '../packagePaths';
import { schemaCatalog } from '../schemas/SchemaCatalog';

/**
 * Request bodies in Kubernetes protobuf (`application/vnd.kubernetes.protobuf`), what kubectl's typed clients send
 * (`kubectl create namespace|configmap|secret|deployment|job|…`, `autoscale`, `auth can-i`, `create token`):
 * the `k8s\0` envelope holds a runtime.Unknown whose `raw` is the object's message. Both are decoded by protobuf.js
 * with the upstream definitions (generated/kubernetes.json, extracted from kubectl by generator/), then turned
 * into the object's JSON form: times as RFC 3339, quantities and int-or-strings as their JSON values, bytes as
 * base64, Go's `omitempty` applied to the zero values a Go encoder writes for non-pointer fields, and embedded
 * structs (`json:",inline"`, e.g. a Volume's `volumeSource`) merged into their parent, as the OpenAPI schema
 * of the type shows them.
 */

const ENVELOPE_MAGIC = Buffer.from('k8s\0', 'latin1');

/** The protobuf package of each API group's messages. */
const GROUP_PACKAGES: Record<string, string> = {
  '': 'k8s.io.api.core',
  apps: 'k8s.io.api.apps',
  batch: 'k8s.io.api.batch',
  autoscaling: 'k8s.io.api.autoscaling',
  policy: 'k8s.io.api.policy',
  'networking.k8s.io': 'k8s.io.api.networking',
  'rbac.authorization.k8s.io': 'k8s.io.api.rbac',
  'coordination.k8s.io': 'k8s.io.api.coordination',
  'authentication.k8s.io': 'k8s.io.api.authentication',
  'authorization.k8s.io': 'k8s.io.api.authorization',
};

/**
 * Pointer fields (`*int32`, `*bool`, …) whose zero value means something. Every other scalar field that decodes to
 * 0, false or "" is a Go non-pointer field the encoder always writes, and `omitempty` drops it from the JSON.
 */
const MEANINGFUL_ZEROS = new Set([
  'replicas', 'parallelism', 'completions', 'backoffLimit', 'backoffLimitPerIndex', 'maxFailedIndexes', 'ttlSecondsAfterFinished',
  'activeDeadlineSeconds', 'startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit', 'revisionHistoryLimit',
  'terminationGracePeriodSeconds', 'gracePeriodSeconds', 'suspend', 'manualSelector', 'immutable', 'automountServiceAccountToken',
  'enableServiceLinks', 'shareProcessNamespace', 'setHostnameAsFQDN', 'hostUsers', 'optional', 'readOnly', 'privileged',
  'runAsNonRoot', 'runAsUser', 'runAsGroup', 'fsGroup', 'allowPrivilegeEscalation', 'readOnlyRootFilesystem', 'expirationSeconds',
  'minReplicas', 'targetCPUUtilizationPercentage', 'defaultMode',
]);

const META = '.k8s.io.apimachinery.pkg.apis.meta.v1';

let root: protobuf.Root | undefined;

function definitions(): protobuf.Root {
  if (!root) {
    const document = JSON.parse(readFileSync(packagePath('src/protobuf/generated/kubernetes.json'), 'utf8'));
    root = protobuf.Root.fromJSON(document.root);
    root.resolveAll();
  }
  return root;
}

function refuse(what: string): never {
  throw unsupportedMediaType(
    `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (protobuf for ${what} is not decoded by the embedded cluster)`,
  );
}

export function decodeKubernetesProtobuf(body: Buffer): KubeObject {
  if (body.length < 4 || !body.subarray(0, 4).equals(ENVELOPE_MAGIC)) refuse('a body without the k8s envelope');
  const types = definitions();
  const unknown = types.lookupType('k8s.io.apimachinery.pkg.runtime.Unknown').decode(body.subarray(4)) as protobuf.Message & {
    typeMeta?: { apiVersion?: string; kind?: string };
    raw?: Uint8Array;
  };
  const apiVersion = unknown.typeMeta?.apiVersion ?? '';
  const kind = unknown.typeMeta?.kind ?? '';
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const packageName = GROUP_PACKAGES[group];
  const type = packageName ? (types.lookup(`${packageName}.${version}.${kind}`) as protobuf.Type | null) : null;
  if (!(type instanceof protobuf.Type)) return refuse(`${kind || 'this object'} ${apiVersion}`);
  const message = type.decode(unknown.raw ?? new Uint8Array());
  return { apiVersion, kind, ...(toJson(type, message) as Record<string, unknown>) } as KubeObject;
}

function toJson(type: protobuf.Type, message: protobuf.Message): unknown {
  switch (type.fullName) {
    case `${META}.Time`:
      return timeOf(message, false);
    case `${META}.MicroTime`:
      return timeOf(message, true);
    case `${META}.Duration`:
      return goDuration(numberOf((message as unknown as { duration?: unknown }).duration ?? 0));
    case '.k8s.io.apimachinery.pkg.api.resource.Quantity':
      return (message as unknown as { string?: string }).string;
    case '.k8s.io.apimachinery.pkg.util.intstr.IntOrString': {
      const value = message as unknown as { type?: unknown; intVal?: number; strVal?: string };
      return numberOf(value.type ?? 0) === 1 ? value.strVal ?? '' : value.intVal ?? 0;
    }
    case '.k8s.io.apimachinery.pkg.runtime.RawExtension': {
      const raw = (message as unknown as { raw?: Uint8Array }).raw;
      return raw?.length ? JSON.parse(Buffer.from(raw).toString('utf8')) : undefined;
    }
    default:
      return messageToJson(type, message);
  }
}

function messageToJson(type: protobuf.Type, message: protobuf.Message): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  const jsonFields = schemaCatalog.components()[`io.k8s.${type.fullName.slice('.k8s.io.'.length)}`]?.properties;
  for (const field of type.fieldsArray) {
    if (!Object.prototype.hasOwnProperty.call(message, field.name)) continue;
    const value = (message as unknown as Record<string, unknown>)[field.name];
    let converted: unknown;
    if (field.map) {
      const entries = Object.entries(value as Record<string, unknown>).map(([key, entry]) => [key, fieldValue(field, entry)]);
      converted = entries.length ? Object.fromEntries(entries) : undefined;
    } else if (field.repeated) {
      const items = (value as unknown[]).map(item => fieldValue(field, item));
      converted = items.length ? items : undefined;
    } else {
      converted = fieldValue(field, value);
      if (isGoZero(converted) && !MEANINGFUL_ZEROS.has(field.name)) converted = undefined;
    }
    if (converted === undefined) continue;
    const inline = jsonFields && !jsonFields[field.name] && field.resolvedType instanceof protobuf.Type && !field.repeated && !field.map;
    if (inline) Object.assign(object, converted);
    else object[field.name] = converted;
  }
  return object;
}

function fieldValue(field: protobuf.Field, value: unknown): unknown {
  if (field.resolvedType instanceof protobuf.Type) return toJson(field.resolvedType, value as protobuf.Message);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'object' && value !== null) return numberOf(value);
  return value;
}

function isGoZero(value: unknown): boolean {
  return value === '' || value === 0 || value === false;
}

/** int64 fields decode to Long objects when long.js is around. */
function numberOf(value: unknown): number {
  return typeof value === 'number' ? value : Number(String(value));
}

function timeOf(message: protobuf.Message, micro: boolean): string | undefined {
  const { seconds, nanos } = message as unknown as { seconds?: unknown; nanos?: number };
  const secondsValue = numberOf(seconds ?? 0);
  if (!secondsValue && !nanos) return undefined;
  const iso = new Date(secondsValue * 1000).toISOString().slice(0, 19);
  return micro ? `${iso}.${String(Math.floor((nanos ?? 0) / 1000)).padStart(6, '0')}Z` : `${iso}Z`;
}

/** A duration as Go's time.Duration prints it (`1h0m0s`, `90s` → `1m30s`, `500ms`). */
export function goDuration(nanoseconds: number): string {
  if (nanoseconds === 0) return '0s';
  if (Math.abs(nanoseconds) < 1e9) return `${nanoseconds / 1e6}ms`;
  let seconds = nanoseconds / 1e9;
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  const secondsText = `${Number(seconds.toFixed(9))}s`;
  if (hours) return `${hours}h${minutes}m${secondsText}`;
  return minutes ? `${minutes}m${secondsText}` : secondsText;
}
