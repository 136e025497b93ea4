import { DateTime } from 'luxon';
import type { KubeObject } from '../services/ClusterRegistry/types';
import { vulnerabilitiesOf } from './vulnerabilities';
import type { Workload } from './workloads';

const NOW = DateTime.fromISO('2026-12-07T12:00:00Z', { zone: 'utc' });
const daysAgo = (days: number) => NOW.minus({ days }).toISO()!;

function report(
  name: string,
  repository: string,
  tag: string,
  updated: string,
  vulnerabilities: object[],
): KubeObject {
  const count = (severity: string) =>
    vulnerabilities.filter((v: any) => v.severity === severity).length;
  return {
    apiVersion: 'aquasecurity.github.io/v1alpha1',
    kind: 'VulnerabilityReport',
    metadata: { name, namespace: 'cmp' },
    report: {
      updateTimestamp: updated,
      scanner: { name: 'Trivy', version: '0.57.1' },
      registry: { server: 'ghcr.io' },
      artifact: { repository, tag },
      summary: {
        criticalCount: count('CRITICAL'),
        highCount: count('HIGH'),
        mediumCount: 0,
        lowCount: 0,
        unknownCount: 0,
      },
      vulnerabilities,
    },
  } as KubeObject;
}

const cve = (id: string, severity: string, score: number, pkg = 'openssl') => ({
  vulnerabilityID: id,
  severity,
  score,
  resource: pkg,
  installedVersion: '1.0',
  fixedVersion: '',
  primaryLink: `https://avd.aquasec.com/nvd/${id.toLowerCase()}`,
});

const workload = (name: string, images: string[]): Workload => ({
  kind: 'Deployment',
  namespace: 'cmp',
  name,
  labels: {},
  serviceAccount: 'default',
  images,
  podPattern: name,
});

describe('vulnerabilitiesOf', () => {
  const reports = [
    report('old', 'org/api', 'v1', daysAgo(20), [cve('CVE-1', 'CRITICAL', 9)]),
    report('new', 'org/api', 'v1', daysAgo(1), [
      cve('CVE-2', 'HIGH', 7.5),
      cve('CVE-3', 'CRITICAL', 9.8),
    ]),
    report('worker', 'org/worker', 'v2', daysAgo(9), [
      cve('CVE-3', 'CRITICAL', 9.8),
      cve('CVE-4', 'HIGH', 8.1, 'glibc'),
    ]),
    report('other-tag', 'org/api', 'v0', daysAgo(1), [
      cve('CVE-9', 'CRITICAL', 10),
    ]),
  ];

  const result = vulnerabilitiesOf(
    [
      workload('api', ['ghcr.io/org/api:v1']),
      workload('api-canary', ['ghcr.io/org/api:v1']),
      workload('worker', ['ghcr.io/org/worker:v2', 'ghcr.io/org/sidecar:v3']),
    ],
    namespace => (namespace === 'cmp' ? reports : []),
    NOW,
    { staleAfterDays: 7, topCves: 3 },
  );

  it('uses the newest report of each image, flags old ones stale, and says which images have none', () => {
    expect(
      result.images.map(i => [
        i.image,
        i.workloads,
        i.report?.name,
        i.report?.stale,
      ]),
    ).toEqual([
      [
        'ghcr.io/org/api:v1',
        ['Deployment/api', 'Deployment/api-canary'],
        'new',
        false,
      ],
      ['ghcr.io/org/worker:v2', ['Deployment/worker'], 'worker', true],
      ['ghcr.io/org/sidecar:v3', ['Deployment/worker'], undefined, undefined],
    ]);
    // each image once, however many workloads run it
    expect(result.totals).toEqual({
      critical: 2,
      high: 2,
      medium: 0,
      low: 0,
      unknown: 0,
    });
  });

  it('lists the most severe CVEs once, with every image they were found in', () => {
    expect(result.topCves.map(c => [c.id, c.images])).toEqual([
      ['CVE-3', ['ghcr.io/org/api:v1', 'ghcr.io/org/worker:v2']],
      ['CVE-4', ['ghcr.io/org/worker:v2']],
      ['CVE-2', ['ghcr.io/org/api:v1']],
    ]);
    expect(result.topCves[0]).toMatchObject({
      severity: 'CRITICAL',
      score: 9.8,
      fixedVersion: undefined,
    });
  });
});
