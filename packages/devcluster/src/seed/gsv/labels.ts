import { safeHash } from '../../api/names';
import type { StoredObject } from '../../api/types';

/** Labels and naming shared by the GSV seed: what links objects to the Backstage catalog. */

export const PART_OF = { 'app.kubernetes.io/part-of': 'gsv-platform' };
export const REPO = 'https://github.com/digitlify-inc/gsv-platform.git';

export function componentLabels(component: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'app.kubernetes.io/name': component,
    app: component,
    'backstage.io/kubernetes-id': component,
    ...PART_OF,
    ...extra,
  };
}

export function systemLabels(name: string, instance?: string): Record<string, string> {
  return { 'app.kubernetes.io/name': name, ...(instance ? { 'app.kubernetes.io/instance': instance } : {}) };
}

/** The ControllerRevision hash the StatefulSet/DaemonSet controllers compute for the template. */
export function hashOfTemplate(owner: StoredObject): string {
  return safeHash(owner.spec.template);
}

export function safeSuffix(seed: string, length = 5): string {
  // Same alphabet as generated names.
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let hash = 2166136261;
  let out = '';
  for (let round = 0; out.length < length; round++) {
    for (const char of `${seed}/${round}`) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
    out += alphabet[hash % alphabet.length];
  }
  return out;
}
