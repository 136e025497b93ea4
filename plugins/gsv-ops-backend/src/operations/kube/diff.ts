import { createTwoFilesPatch } from 'diff';
import { stringify } from 'yaml';
import type { KubeObject } from '../../services/ClusterRegistry/types';
import { redactSecrets } from './redact';

const NOISE_METADATA = [
  'managedFields',
  'resourceVersion',
  'generation',
  'uid',
  'creationTimestamp',
  'selfLink',
];
const NOISE_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration'];

/** The object as a person reviews it: without the bookkeeping fields the API server changes on every write. */
export function forReview(
  object: KubeObject | undefined,
): Record<string, unknown> | undefined {
  if (!object) return undefined;
  const copy = JSON.parse(JSON.stringify(object)) as KubeObject;
  for (const key of NOISE_METADATA) delete copy.metadata[key];
  if (copy.metadata.annotations) {
    for (const key of NOISE_ANNOTATIONS) delete copy.metadata.annotations[key];
    if (Object.keys(copy.metadata.annotations).length === 0)
      delete copy.metadata.annotations;
  }
  return copy;
}

export function toYaml(object: unknown): string {
  return object === undefined
    ? ''
    : stringify(object, { sortMapEntries: false, lineWidth: 0 });
}

/**
 * A unified diff of two texts as `git diff` prints it: the `---`/`+++` header and hunks, without the `====` line the
 * diff library puts first.
 */
export function textDiff(
  files: { a: string; b: string },
  before: string,
  after: string,
  headers: { a: string; b: string },
): string {
  return createTwoFilesPatch(
    files.a,
    files.b,
    before,
    after,
    headers.a,
    headers.b,
    { context: 3 },
  ).replace(/^=+\n/, '');
}

/**
 * A unified diff of the object before and after a change, as YAML (`kubectl diff` style), with secrets redacted (it is
 * stored in the operation record). `before` undefined means a create, `after` undefined a delete.
 */
export function objectDiff(
  label: string,
  before: KubeObject | undefined,
  after: KubeObject | undefined,
): string {
  return textDiff(
    {
      a: before ? `a/${label}` : '/dev/null',
      b: after ? `b/${label}` : '/dev/null',
    },
    toYaml(redactSecrets(forReview(before))),
    toYaml(redactSecrets(forReview(after))),
    { a: before ? 'live' : '', b: after ? 'after the change' : '' },
  );
}

/** Whether the change would alter anything a person reviews. */
export function changesAnything(
  before: KubeObject | undefined,
  after: KubeObject | undefined,
): boolean {
  return toYaml(forReview(before)) !== toYaml(forReview(after));
}
