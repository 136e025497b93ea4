import {
  formatBytes,
  formatDuration,
  formatPercent,
  formatRelative,
  imageName,
  imageTag,
  namespacedName,
  plural,
  shortRevision,
} from './format';

describe('format', () => {
  const now = Date.parse('2026-11-25T10:00:00Z');

  it('writes relative times against the given clock, and nothing for missing or broken times', () => {
    expect(formatRelative('2026-11-25T09:55:00Z', now)).toBe('5 minutes ago');
    expect(formatRelative('2026-11-29T10:00:00Z', now)).toBe('in 4 days');
    expect(formatRelative('2026-11-25T09:59:58Z', now)).toBe('just now');
    // ages are truncated (1 day 20 hours ago), times ahead rounded (17 h 59 min from now)
    expect(formatRelative('2026-11-23T14:00:00Z', now)).toBe('1 day ago');
    expect(formatRelative('2026-11-26T03:59:00Z', now)).toBe('in 18 hours');
    expect(formatRelative(undefined, now)).toBeUndefined();
    expect(formatRelative('not a time', now)).toBeUndefined();
  });

  it('writes durations as operators read them', () => {
    expect(formatDuration(38)).toBe('38 s');
    expect(formatDuration(252)).toBe('4 min 12 s');
    expect(formatDuration(2 * 3600 + 5 * 60)).toBe('2 h 5 min');
    expect(formatDuration(3 * 86400 + 4 * 3600 + 59)).toBe('3 d 4 h');
    expect(formatDuration(86400)).toBe('1 d');
    expect(formatDuration(-1)).toBeUndefined();
    expect(formatDuration(undefined)).toBeUndefined();
  });

  it('writes sizes in binary units and never invents a value', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(20 * 1024 ** 3)).toBe('20 GiB');
    expect(formatBytes(Math.round(0.86 * 20 * 1024 ** 3))).toBe('17.2 GiB');
    expect(formatBytes(undefined)).toBeUndefined();
    expect(formatPercent(0.856)).toBe('86%');
    expect(formatPercent(undefined)).toBeUndefined();
  });

  it('finds the tag of an image, not a registry port', () => {
    expect(imageTag('ghcr.io/gsv-platform/agent-registry:1.14.2')).toBe(
      '1.14.2',
    );
    expect(imageTag('localhost:5000/agent-registry')).toBe('latest');
    expect(imageTag('registry:5000/team/app:v2')).toBe('v2');
    expect(imageTag('repo/app@sha256:0123456789abcdef')).toBe('sha256:0123456');
    expect(imageName('ghcr.io/gsv-platform/agent-registry:1.14.2')).toBe(
      'gsv-platform/agent-registry',
    );
    expect(imageName('postgres:16')).toBe('postgres');
  });

  it('shortens git shas only', () => {
    expect(shortRevision('4f1c2a9d8e7b6c5a4f3e2d1c0b9a8f7e6d5c4b3a')).toBe(
      '4f1c2a9',
    );
    expect(shortRevision('v1.2.3')).toBe('v1.2.3');
    expect(plural(1, 'pod')).toBe('1 pod');
    expect(plural(3, 'pod')).toBe('3 pods');
  });

  it('names namespaced objects', () => {
    expect(namespacedName({ namespace: 'cmp', name: 'agent-registry' })).toBe(
      'cmp/agent-registry',
    );
  });
});
