import type { OpenApiSchema } from '../types';
import { array, boolean, dateTime, integer, object, open, string } from './schemaBuilders';

/**
 * trivy-operator's VulnerabilityReport (aquasecurity.github.io/v1alpha1), derived from its CRD
 * (deploy/helm/crds/aquasecurity.github.io_vulnerabilityreports.yaml): no npm package publishes it. The object has no
 * spec: the operator writes the scan result under `report`.
 */

const count = (description: string): OpenApiSchema => ({ ...integer(description), minimum: 0 });
const severity: OpenApiSchema = { type: 'string', enum: ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'] };

const vulnerability = object(
  {
    class: string(),
    cvss: open(),
    cvsssource: string(),
    description: string(),
    fixedVersion: string('FixedVersion indicates the version of the Resource in which this vulnerability has been fixed.'),
    installedVersion: string('InstalledVersion indicates the installed version of the Resource.'),
    lastModifiedDate: string('LastModifiedDate indicates the last date CVE has been modified.'),
    links: array(string()),
    packagePURL: string(),
    packagePath: string(),
    packageType: string(),
    primaryLink: string(),
    publishedDate: string('PublishedDate indicates the date of published CVE.'),
    resource: string('Resource is a vulnerable package, application, or library.'),
    score: { type: 'number' },
    severity,
    target: string(),
    title: string(),
    vulnerabilityID: string('VulnerabilityID the vulnerability identifier.'),
  },
  { required: ['fixedVersion', 'installedVersion', 'lastModifiedDate', 'publishedDate', 'resource', 'severity', 'title', 'vulnerabilityID'] },
);

const report = object(
  {
    artifact: object({ digest: string(), mimeType: string(), repository: string(), tag: string() }, { description: 'Artifact represents a standalone, executable package of software.' }),
    os: object({ eosl: boolean(), family: string(), name: string() }),
    registry: object({ server: string() }, { description: 'Registry is the registry the Artifact was pulled from.' }),
    scanner: object({ name: string(), vendor: string(), version: string() }, { required: ['name', 'vendor', 'version'] }),
    summary: object(
      {
        criticalCount: count('CriticalCount is the number of vulnerabilities with Critical Severity.'),
        highCount: count('HighCount is the number of vulnerabilities with High Severity.'),
        lowCount: count('LowCount is the number of vulnerabilities with Low Severity.'),
        mediumCount: count('MediumCount is the number of vulnerabilities with Medium Severity.'),
        noneCount: count('NoneCount is the number of packages without any vulnerability.'),
        unknownCount: count('UnknownCount is the number of vulnerabilities with unknown severity.'),
      },
      { required: ['criticalCount', 'highCount', 'lowCount', 'mediumCount', 'unknownCount'] },
    ),
    updateTimestamp: dateTime(),
    vulnerabilities: array(vulnerability, 'Vulnerabilities is a list of operating system (OS) or application software Vulnerability items found in the Artifact.'),
  },
  { required: ['artifact', 'os', 'registry', 'scanner', 'summary', 'updateTimestamp', 'vulnerabilities'] },
);

export const trivySchemas: Record<string, OpenApiSchema> = {
  'v1alpha1/VulnerabilityReport': object(
    {
      apiVersion: string('APIVersion defines the versioned schema of this representation of an object.'),
      kind: string('Kind is a string value representing the REST resource this object represents.'),
      metadata: { type: 'object' },
      report,
    },
    { description: 'VulnerabilityReport summarizes vulnerabilities in application dependencies and operating system packages built into container images.', required: ['report'] },
  ),
};
