import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import protobuf from 'protobufjs';
import descriptor from 'protobufjs/ext/descriptor';

/**
 * Writes `src/protobuf/generated/kubernetes.json`: the upstream protobuf definitions of the Kubernetes API
 * (k8s.io/api and k8s.io/apimachinery `generated.proto`), in protobuf.js' JSON form. Go programs built from those
 * packages register every `generated.proto` as a gzipped FileDescriptorProto; this takes them from the machine's
 * kubectl binary (so they match the kubectl that sends protobuf bodies) and keeps the packages whose kinds kubectl
 * creates. Run with `npm run protobuf:generate -w @gsv/devcluster [-- <path to kubectl>]`.
 */

// A development script run from source inside this repository (bin/extract-protobuf-descriptors).
// eslint-disable-next-line no-restricted-syntax
const OUTPUT = join(__dirname, '..', 'generated', 'kubernetes.json');

const KEPT_FILES = [
  'k8s.io/apimachinery/pkg/runtime/generated.proto',
  'k8s.io/apimachinery/pkg/runtime/schema/generated.proto',
  'k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto',
  'k8s.io/apimachinery/pkg/api/resource/generated.proto',
  'k8s.io/apimachinery/pkg/util/intstr/generated.proto',
  'k8s.io/api/core/v1/generated.proto',
  'k8s.io/api/apps/v1/generated.proto',
  'k8s.io/api/batch/v1/generated.proto',
  'k8s.io/api/autoscaling/v1/generated.proto',
  'k8s.io/api/autoscaling/v2/generated.proto',
  'k8s.io/api/networking/v1/generated.proto',
  'k8s.io/api/rbac/v1/generated.proto',
  'k8s.io/api/coordination/v1/generated.proto',
  'k8s.io/api/authentication/v1/generated.proto',
  'k8s.io/api/authorization/v1/generated.proto',
  'k8s.io/api/policy/v1/generated.proto',
];

const GZIP_MAGIC = Buffer.from([0x1f, 0x8b, 0x08, 0x00]);

/** Every gzipped FileDescriptorProto embedded in a Go binary, by file name. */
function embeddedDescriptors(binary: Buffer): Map<string, protobuf.Message> {
  const files = new Map<string, protobuf.Message>();
  for (let offset = binary.indexOf(GZIP_MAGIC); offset >= 0; offset = binary.indexOf(GZIP_MAGIC, offset + 1)) {
    let inflated: Buffer;
    try {
      inflated = gunzipSync(binary.subarray(offset, offset + 4_000_000), { finishFlush: 2 /* Z_SYNC_FLUSH: ignore trailing bytes */ });
    } catch {
      continue;
    }
    try {
      const file = descriptor.FileDescriptorProto.decode(inflated) as protobuf.Message & { name?: string };
      if (file.name && KEPT_FILES.includes(file.name)) files.set(file.name, file);
    } catch {
      // Not a descriptor: some other gzipped payload.
    }
  }
  return files;
}

/**
 * protobuf.js reads a descriptor's `map<k, v>` fields as repeated `XEntry` messages nested in the message (its
 * map_entry option is not kept reliably); turns them back into map fields, which decode to plain objects as
 * Kubernetes' JSON has them.
 */
function restoreMapFields(namespace: protobuf.NamespaceBase): void {
  for (const nested of [...namespace.nestedArray]) {
    if (nested instanceof protobuf.Type) {
      for (const field of nested.fieldsArray.filter(candidate => isMapEntryField(nested, candidate))) {
        const entry = field.resolvedType as protobuf.Type;
        nested.remove(field);
        nested.add(new protobuf.MapField(field.name, field.id, entry.fields.key.type, entry.fields.value.type));
        nested.remove(entry);
      }
    }
    if (nested instanceof protobuf.Namespace || nested instanceof protobuf.Type) restoreMapFields(nested);
  }
}

function isMapEntryField(type: protobuf.Type, field: protobuf.Field): boolean {
  const entry = field.resolvedType;
  if (!field.repeated || !(entry instanceof protobuf.Type) || entry.parent !== type || !entry.name.endsWith('Entry')) return false;
  const names = entry.fieldsArray.map(entryField => `${entryField.name}=${entryField.id}`).sort();
  return names.join(',') === 'key=1,value=2';
}

export function extractDescriptors(kubectlPath?: string): void {
  const path = realpathSync(kubectlPath ?? execFileSync('which', ['kubectl'], { encoding: 'utf8' }).trim());
  const files = embeddedDescriptors(readFileSync(path));
  const missing = KEPT_FILES.filter(file => !files.has(file));
  if (missing.length) throw new Error(`${path} does not embed ${missing.join(', ')}`);
  const set = descriptor.FileDescriptorSet.create({ file: KEPT_FILES.map(file => files.get(file)) });
  const root = (protobuf.Root as unknown as { fromDescriptor(set: protobuf.Message): protobuf.Root }).fromDescriptor(set);
  root.resolveAll();
  restoreMapFields(root);
  const version = execFileSync(path, ['version', '--client', '-o', 'json'], { encoding: 'utf8' });
  mkdirSync(join(OUTPUT, '..'), { recursive: true });
  writeFileSync(OUTPUT, `${JSON.stringify({ source: `kubectl ${JSON.parse(version).clientVersion.gitVersion}`, files: KEPT_FILES, root: root.toJSON() })}\n`);
  process.stdout.write(`${KEPT_FILES.length} descriptors from ${path}\n`);
}
