import { seededRandom } from '../api/names';
import type { KubeObject } from '../api/types';
import { isReady, ResourceUsageModel } from '../simulation/resourceUsage';
import type { Tsdb } from './Tsdb';

/**
 * Keycloak's failed logins as the Keycloak metrics SPI (aerogear/keycloak-metrics-spi) exports them: the counter
 * `keycloak_failed_login_attempts{realm, provider, error, client_id}`, per Keycloak pod. A steady trickle of mistyped
 * passwords (about 70 an hour over the service), and every six hours a ten-minute credential-stuffing burst of unknown
 * users and wrong passwords that brute-force detection answers with temporarily disabled accounts. The first burst
 * starts 30 minutes into the history, so a freshly started cluster shows one.
 */

export const FAILED_LOGINS_METRIC = 'keycloak_failed_login_attempts';

const REALM = 'gsv';
/** Failed logins per second per ready Keycloak pod, outside and during a burst. */
const BASE_RATE = 0.01;
const BURST_RATE = 1.5;
const BURST_EVERY_MS = 6 * 3_600_000;
const BURST_OFFSET_MS = 30 * 60_000;
const BURST_LENGTH_MS = 10 * 60_000;
/** How much history the first scrape fills in (the embedded Prometheus keeps six hours). */
const HISTORY_MS = 6 * 3_600_000;

/** [error, client_id, share outside a burst, share during a burst] */
const REASONS: Array<[string, string, number, number]> = [
  ['invalid_user_credentials', 'agent-registry-web', 0.55, 0.35],
  ['user_not_found', 'agent-registry-web', 0.2, 0.5],
  ['invalid_user_credentials', 'backstage', 0.15, 0],
  ['user_temporarily_disabled', 'agent-registry-web', 0.03, 0.15],
  ['expired_code', 'account-console', 0.07, 0],
];

function isKeycloak(pod: KubeObject): boolean {
  return (pod.spec?.containers ?? []).some((c: { image?: string }) => (c.image ?? '').includes('keycloak/keycloak'));
}

export class KeycloakLogins {
  private startedAt?: number;

  constructor(private readonly tsdb: Tsdb) {}

  /** Appends one scrape of every ready Keycloak pod at `now`; the first call fills the history before it. */
  scrape(pods: KubeObject[], now: number, intervalMs: number): void {
    const keycloaks = pods.filter(pod => isKeycloak(pod) && ResourceUsageModel.isRunning(pod) && isReady(pod));
    if (this.startedAt === undefined) {
      this.startedAt = now;
      for (let t = now - HISTORY_MS; t < now; t += intervalMs) this.scrapeAt(keycloaks, t, intervalMs);
    }
    this.scrapeAt(keycloaks, now, intervalMs);
  }

  private inBurst(t: number): boolean {
    const since = t - (this.startedAt ?? t) - BURST_OFFSET_MS;
    const phase = ((since % BURST_EVERY_MS) + BURST_EVERY_MS) % BURST_EVERY_MS;
    return phase < BURST_LENGTH_MS;
  }

  private scrapeAt(pods: KubeObject[], t: number, intervalMs: number): void {
    const burst = this.inBurst(t);
    const expected = ((burst ? BURST_RATE : BASE_RATE) * intervalMs) / 1000;
    for (const pod of pods) {
      const base = {
        __name__: FAILED_LOGINS_METRIC,
        job: pod.metadata.labels?.['backstage.io/kubernetes-id'] ?? 'keycloak',
        namespace: pod.metadata.namespace ?? '',
        pod: pod.metadata.name ?? '',
        realm: REALM,
        provider: 'keycloak',
      };
      for (const [error, clientId, quiet, bursting] of REASONS) {
        const labels = { ...base, error, client_id: clientId };
        // Whole logins: the expected count plus a uniform fraction, floored, keeps the mean and the counter integral.
        const count = Math.floor(expected * (burst ? bursting : quiet) + seededRandom(`${pod.metadata.name}/${error}/${clientId}/${t}`));
        const previous = this.tsdb.latest(labels)?.v ?? 0;
        this.tsdb.append(labels, t, previous + count);
      }
    }
  }
}
