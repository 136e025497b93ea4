import type {
  CveView,
  ImageScan,
  ImageScanReport,
  SecurityVulnerabilities,
  SeverityCounts,
  VulnerabilitySeverity,
} from '@gsv/plugin-gsv-ops-common';
import type { DateTime } from 'luxon';
import { reportOf } from '../domain/vulnerabilityReports';
import type { KubeObject } from '../services/ClusterRegistry/types';
import { mostSevere } from '../services/WatchCache/transforms';
import { formatImage, parseImage, sameImage, scannedImage } from './images';
import { workloadRef, type Workload } from './workloads';

export interface VulnerabilitySettings {
  staleAfterDays: number;
  topCves: number;
}

const SEVERITIES: VulnerabilitySeverity[] = [
  'CRITICAL',
  'HIGH',
  'MEDIUM',
  'LOW',
  'UNKNOWN',
];

export function zeroCounts(): SeverityCounts {
  return { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 };
}

export function addCounts(
  total: SeverityCounts,
  more: SeverityCounts,
): SeverityCounts {
  return {
    critical: total.critical + more.critical,
    high: total.high + more.high,
    medium: total.medium + more.medium,
    low: total.low + more.low,
    unknown: total.unknown + more.unknown,
  };
}

function countsOf(
  summary: Record<string, unknown> | undefined,
): SeverityCounts {
  const n = (value: unknown) =>
    typeof value === 'number' && value >= 0 ? value : 0;
  return {
    critical: n(summary?.criticalCount),
    high: n(summary?.highCount),
    medium: n(summary?.mediumCount),
    low: n(summary?.lowCount),
    unknown: n(summary?.unknownCount),
  };
}

/** The newest report in the namespace that scanned this image, if any. */
function newestReportOf(
  image: string,
  reports: KubeObject[],
): KubeObject | undefined {
  const wanted = parseImage(image);
  const updated = (r: KubeObject) => reportOf(r).updateTimestamp ?? '';
  return reports
    .filter(r => sameImage(wanted, scannedImage(reportOf(r))))
    .sort((a, b) => updated(b).localeCompare(updated(a)))[0];
}

function reportView(
  object: KubeObject,
  now: DateTime,
  staleAfterDays: number,
): ImageScanReport {
  const report = reportOf(object);
  const updatedAt = report.updateTimestamp;
  const ageMs = updatedAt ? now.toMillis() - Date.parse(updatedAt) : Infinity;
  return {
    name: object.metadata.name ?? '',
    artifact: formatImage(scannedImage(report)),
    scanner:
      report.scanner?.name &&
      [report.scanner.name, report.scanner.version].filter(Boolean).join(' '),
    updatedAt,
    stale: !(ageMs <= staleAfterDays * 86_400_000),
    counts: countsOf(report.summary),
  };
}

/**
 * The images the workloads run, each with the newest VulnerabilityReport of that image in its namespace (trivy-operator
 * writes one per workload; any of them describes the image), and the most severe CVEs over all of them.
 */
export function vulnerabilitiesOf(
  workloads: Workload[],
  reportsIn: (namespace: string) => KubeObject[],
  now: DateTime,
  settings: VulnerabilitySettings,
): SecurityVulnerabilities {
  const images = new Map<string, ImageScan & { source?: KubeObject }>();
  for (const workload of workloads) {
    for (const image of workload.images) {
      const key = `${workload.namespace}\u0000${image}`;
      let scan = images.get(key);
      if (!scan) {
        const source = newestReportOf(image, reportsIn(workload.namespace));
        scan = {
          image,
          namespace: workload.namespace,
          workloads: [],
          source,
          report: source && reportView(source, now, settings.staleAfterDays),
        };
        images.set(key, scan);
      }
      scan.workloads.push(workloadRef(workload));
    }
  }
  const cves = new Map<string, CveView>();
  for (const { image, source } of images.values()) {
    for (const v of source ? reportOf(source).vulnerabilities ?? [] : []) {
      const key = `${v.vulnerabilityID}\u0000${v.resource}\u0000${v.installedVersion}`;
      const known = cves.get(key);
      if (known) {
        if (!known.images.includes(image)) known.images.push(image);
        continue;
      }
      cves.set(key, {
        id: String(v.vulnerabilityID),
        severity:
          SEVERITIES.find(severity => severity === v.severity) ?? 'UNKNOWN',
        package: String(v.resource ?? ''),
        installedVersion: String(v.installedVersion ?? ''),
        fixedVersion: v.fixedVersion || undefined,
        title: v.title,
        score: typeof v.score === 'number' ? v.score : undefined,
        link:
          typeof v.primaryLink === 'string' && /^https:\/\//.test(v.primaryLink)
            ? v.primaryLink
            : undefined,
        images: [image],
      });
    }
  }
  const scans = [...images.values()].map(
    ({ source: _source, ...scan }) => scan,
  );
  return {
    images: scans,
    // An image run by several workloads (or found in several namespaces' reports) counts once per namespace.
    totals: scans.reduce(
      (sum, scan) => (scan.report ? addCounts(sum, scan.report.counts) : sum),
      zeroCounts(),
    ),
    topCves: mostSevere([...cves.values()], settings.topCves),
    staleAfterDays: settings.staleAfterDays,
  };
}
