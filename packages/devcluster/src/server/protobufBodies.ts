import { unsupportedMediaType } from '../api/errors';
import type { KubeObject } from '../api/types';

/**
 * kubectl's typed clients send some request bodies as Kubernetes protobuf (`application/vnd.kubernetes.protobuf`):
 * `kubectl auth can-i` (SelfSubjectAccessReview, SelfSubjectRulesReview) and `kubectl auth whoami`
 * (SelfSubjectReview). This decodes the `k8s\0` envelope (runtime.Unknown) and the access-review messages into
 * their JSON form; any other protobuf body is refused with 415.
 */

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

type Fields = Map<number, Array<Buffer | number>>;

function readVarint(buffer: Buffer, offset: number): [number, number] {
  let result = 0;
  let shift = 0;
  let position = offset;
  for (;;) {
    if (position >= buffer.length) throw new Error('truncated varint');
    const byte = buffer[position++];
    result += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return [result, position];
    shift += 7;
  }
}

/** Splits a protobuf message into its fields (length-delimited as Buffers, varints as numbers). */
function parseMessage(buffer: Buffer): Fields {
  const fields: Fields = new Map();
  let offset = 0;
  while (offset < buffer.length) {
    const [key, afterKey] = readVarint(buffer, offset);
    const field = Math.floor(key / 8);
    const wireType = key & 7;
    let value: Buffer | number;
    if (wireType === 0) {
      [value, offset] = readVarint(buffer, afterKey);
    } else if (wireType === 2) {
      const [length, afterLength] = readVarint(buffer, afterKey);
      value = buffer.subarray(afterLength, afterLength + length);
      offset = afterLength + length;
    } else if (wireType === 1) {
      value = buffer.subarray(afterKey, afterKey + 8);
      offset = afterKey + 8;
    } else if (wireType === 5) {
      value = buffer.subarray(afterKey, afterKey + 4);
      offset = afterKey + 4;
    } else {
      throw new Error(`unsupported wire type ${wireType}`);
    }
    const list = fields.get(field) ?? [];
    list.push(value);
    fields.set(field, list);
  }
  return fields;
}

function text(fields: Fields, field: number): string | undefined {
  const value = fields.get(field)?.[0];
  return Buffer.isBuffer(value) ? value.toString('utf8') : undefined;
}

function texts(fields: Fields, field: number): string[] {
  return (fields.get(field) ?? []).filter(Buffer.isBuffer).map(value => (value as Buffer).toString('utf8'));
}

function message(fields: Fields, field: number): Fields | undefined {
  const value = fields.get(field)?.[0];
  return Buffer.isBuffer(value) ? parseMessage(value) : undefined;
}

function compact(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined && value !== ''));
}

function resourceAttributes(fields: Fields | undefined) {
  if (!fields) return undefined;
  return compact({
    namespace: text(fields, 1),
    verb: text(fields, 2),
    group: text(fields, 3),
    version: text(fields, 4),
    resource: text(fields, 5),
    subresource: text(fields, 6),
    name: text(fields, 7),
  });
}

function nonResourceAttributes(fields: Fields | undefined) {
  if (!fields) return undefined;
  return compact({ path: text(fields, 1), verb: text(fields, 2) });
}

function accessReviewSpec(fields: Fields | undefined): Record<string, unknown> {
  if (!fields) return {};
  return compact({
    resourceAttributes: resourceAttributes(message(fields, 1)),
    nonResourceAttributes: nonResourceAttributes(message(fields, 2)),
    user: text(fields, 3),
    groups: texts(fields, 4).length ? texts(fields, 4) : undefined,
    uid: text(fields, 6),
  });
}

function objectMeta(fields: Fields | undefined): Record<string, unknown> {
  if (!fields) return {};
  return compact({ name: text(fields, 1), generateName: text(fields, 2), namespace: text(fields, 3) });
}

export function decodeProtobufBody(body: Buffer): KubeObject {
  if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC)) {
    throw unsupportedMediaType('the body of the request was in an unknown format - accepted media types include: application/json, application/yaml');
  }
  const unknown = parseMessage(body.subarray(4));
  const typeMeta = message(unknown, 1);
  const apiVersion = typeMeta ? text(typeMeta, 1) ?? '' : '';
  const kind = typeMeta ? text(typeMeta, 2) ?? '' : '';
  const raw = unknown.get(2)?.[0];
  const object = Buffer.isBuffer(raw) ? parseMessage(raw) : new Map();
  const metadata = objectMeta(message(object, 1));
  switch (kind) {
    case 'SelfSubjectAccessReview':
    case 'SubjectAccessReview':
    case 'LocalSubjectAccessReview':
      return { apiVersion, kind, metadata, spec: accessReviewSpec(message(object, 2)) };
    case 'SelfSubjectRulesReview': {
      const spec = message(object, 2);
      return { apiVersion, kind, metadata, spec: compact({ namespace: spec ? text(spec, 1) : undefined }) };
    }
    case 'SelfSubjectReview':
      return { apiVersion, kind, metadata };
    default:
      throw unsupportedMediaType(
        `the embedded cluster accepts protobuf request bodies only for access reviews, not ${kind || 'this object'}; send application/json`,
      );
  }
}
