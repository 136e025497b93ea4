import { badRequest } from '../api/errors';
import { seededRandom } from '../api/names';
import type { KubeObject } from '../api/types';
import type { PodLogRequest } from '../server/ResourceHandler';
import { commandRunLines } from './commandWorld';
import type { StartedCommandRun } from './SimulationState';

/**
 * Container logs, generated on demand and deterministically from the pod, the container and the simulated time:
 * at its style's rate (LINE_INTERVAL_MS) since the container started, in the style of the image (gunicorn/Django,
 * Celery, Keycloak, CloudNativePG, Traefik), with the occasional warning or error the ops guide greps for.
 */

const MAX_LINES = 5000;

interface ContainerStatus {
  name: string;
  restartCount?: number;
  state?: {
    waiting?: { reason?: string };
    running?: { startedAt?: string };
    terminated?: { startedAt?: string; finishedAt?: string; exitCode?: number; reason?: string };
  };
  lastState?: { terminated?: { startedAt?: string; finishedAt?: string; exitCode?: number; reason?: string } };
}

type Style = 'django' | 'celery' | 'keycloak' | 'postgres' | 'traefik' | 'job' | 'generic';

function styleOf(image: string, pod: KubeObject): Style {
  if (pod.metadata.labels?.['cnpg.io/cluster'] || image.includes('postgresql')) return 'postgres';
  if (pod.metadata.labels?.['batch.kubernetes.io/job-name'] || pod.metadata.labels?.['job-name']) return 'job';
  if (image.includes('keycloak')) return 'keycloak';
  if (image.includes('traefik')) return 'traefik';
  if ((pod.metadata.labels?.['app.kubernetes.io/component'] ?? '') === 'worker' || /worker/.test(pod.metadata.name ?? '')) return 'celery';
  if (image.includes('agent-registry')) return 'django';
  return 'generic';
}

/**
 * How often a container of this style writes a line: an access log line per request for the web and ingress
 * containers (about one request a second per pod), a task line every few seconds for workers, sparse lines for
 * Keycloak and PostgreSQL.
 */
const LINE_INTERVAL_MS: Record<Style, number> = {
  django: 1000,
  traefik: 1000,
  celery: 5000,
  keycloak: 10_000,
  postgres: 30_000,
  job: 15_000,
  generic: 15_000,
};

function iso(time: number): string {
  return new Date(time).toISOString();
}

function normalLine(style: Style, time: number, seed: string, pod: KubeObject): string {
  const r = seededRandom(seed);
  const r2 = seededRandom(`${seed}/2`);
  const ts = iso(time);
  switch (style) {
    case 'django': {
      if (r < 0.015) return `[${ts}] ERROR django.request: Internal Server Error: /api/v1/webhooks/github/ (webhook delivery ${Math.floor(r2 * 1e6)} failed: Exception: upstream timed out)`;
      if (r < 0.04) return `[${ts}] WARNING registry.db: slow query (${Math.round(800 + r2 * 2000)}ms) on agents_agent; connection pool at ${Math.round(40 + r2 * 40)}%`;
      const paths = ['/api/v1/agents/', '/api/v1/agents/search/', '/health/', '/api/v1/capabilities/', '/api/v1/webhooks/github/'];
      const path = paths[Math.floor(r2 * paths.length)];
      const method = path.includes('webhooks') ? 'POST' : 'GET';
      return `[${ts}] INFO gunicorn.access: 10.244.${Math.floor(r * 3) + 1}.${Math.floor(r2 * 200) + 2} "${method} ${path} HTTP/1.1" 200 ${Math.floor(200 + r2 * 4000)} ${Math.round(5 + r * 120)}ms`;
    }
    case 'celery': {
      if (r < 0.02) return `[${ts}: ERROR/ForkPoolWorker-${1 + Math.floor(r2 * 4)}] Task registry.tasks.deliver_webhook[${uuidish(seed)}] raised unexpected: ConnectionError('connection refused')`;
      return `[${ts}: INFO/ForkPoolWorker-${1 + Math.floor(r2 * 4)}] Task registry.tasks.index_agent[${uuidish(seed)}] succeeded in ${(0.1 + r * 2).toFixed(3)}s: None`;
    }
    case 'keycloak': {
      if (r < 0.03) return `${ts} WARN  [org.keycloak.events] (executor-thread-${1 + Math.floor(r2 * 8)}) type="LOGIN_ERROR", realmId="gsv", clientId="cmp-portal", userId="null", ipAddress="10.244.2.${Math.floor(r2 * 200)}", error="invalid_user_credentials" (authentication failed)`;
      return `${ts} INFO  [org.keycloak.events] (executor-thread-${1 + Math.floor(r2 * 8)}) type="LOGIN", realmId="gsv", clientId="cmp-portal", userId="${uuidish(seed)}", ipAddress="10.244.1.${Math.floor(r2 * 200)}"`;
    }
    case 'postgres': {
      const messages = ['checkpoint complete', 'archived WAL file', 'connection authorized: user=agent_registry database=agent_registry'];
      const message = messages[Math.min(2, Math.floor(r * 3))];
      return JSON.stringify({ level: 'info', ts: ts, logger: 'postgres', msg: 'record', logging_pod: pod.metadata.name, record: { log_time: ts, user_name: 'postgres', database_name: 'postgres', error_severity: 'LOG', message } });
    }
    case 'traefik':
      return `10.244.0.1 - - [${ts}] "GET / HTTP/2.0" 200 ${Math.floor(r * 5000)} "-" "-" ${Math.floor(r2 * 100000)} "websecure-agent-registry@kubernetes" "http://10.244.1.${Math.floor(r * 200)}:8000" ${Math.floor(r2 * 80)}ms`;
    case 'job':
      return `${ts} INFO cleanup: removed ${Math.floor(r * 40)} expired sessions`;
    default:
      return `time="${ts}" level=info msg="reconciled" latency=${Math.round(r * 50)}ms`;
  }
}

function startupLines(style: Style, start: number, image: string): string[] {
  const ts = (offset: number) => iso(start + offset);
  switch (style) {
    case 'django':
      return [
        `[${ts(0)}] INFO gunicorn.error: Starting gunicorn 22.0.0`,
        `[${ts(100)}] INFO gunicorn.error: Listening at: http://0.0.0.0:8000 (1)`,
        `[${ts(200)}] INFO gunicorn.error: Booting worker with pid: 7`,
        `[${ts(900)}] INFO registry.apps: agent registry ${image.split(':').pop()} ready (database: cmp-postgres-rw:5432/agent_registry)`,
      ];
    case 'celery':
      return [`[${ts(0)}: INFO/MainProcess] Connected to redis://redis.cmp.svc:6379/0`, `[${ts(300)}: INFO/MainProcess] celery@worker ready.`];
    case 'keycloak':
      return [`${ts(0)} INFO  [io.quarkus] (main) Keycloak ${image.split(':').pop()} on JVM started in 8.412s. Listening on: http://0.0.0.0:8080`];
    case 'postgres':
      return [JSON.stringify({ level: 'info', ts: ts(0), msg: 'Starting CloudNativePG Instance Manager', logger: 'instance-manager' })];
    case 'job':
      return [`${ts(0)} INFO cleanup: starting`];
    default:
      return [`time="${ts(0)}" level=info msg="starting ${image}"`];
  }
}

function crashLines(style: Style, start: number): string[] {
  const ts = iso(start + 1500);
  if (style === 'django' || style === 'celery') {
    return [
      `[${ts}] ERROR django.db.backends: connection to server at "cmp-postgres-rw" (10.96.0.15), port 5432 failed: FATAL:  password authentication failed for user "agent_registry"`,
      `[${ts}] CRITICAL registry.apps: Exception during startup: django.db.utils.OperationalError: connection failed`,
      'Traceback (most recent call last):',
      '  File "/app/manage.py", line 22, in <module>',
      'django.db.utils.OperationalError: connection to server failed',
    ];
  }
  return [`${ts} ERROR fatal error during startup, exiting (exit code 1)`];
}

function uuidish(seed: string): string {
  const hex = Math.floor(seededRandom(`${seed}/uuid`) * 0xffffffff).toString(16).padStart(8, '0');
  return `${hex}-4b1e-4c2a-9f3d-${hex}${hex.slice(0, 4)}`;
}

/** The log text of one container, honouring kubectl's options (container, previous, tailLines, timestamps, ...). */
export function renderPodLogs(pod: KubeObject, request: PodLogRequest, now: number, crashLooping: boolean, commandRun?: StartedCommandRun): string {
  const containers: Array<{ name: string; image: string }> = pod.spec?.containers ?? [];
  const podName = pod.metadata.name ?? '';
  let containerName = request.container;
  if (!containerName) {
    const preferred = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
    if (preferred) containerName = preferred;
    else if (containers.length === 1) containerName = containers[0].name;
    else {
      throw badRequest(`a container name must be specified for pod ${podName}, choose one of: [${containers.map(c => c.name).join(' ')}]`);
    }
  }
  const container = containers.find(candidate => candidate.name === containerName);
  if (!container) throw badRequest(`container ${containerName} is not valid for pod ${podName}`);
  const status = ((pod.status?.containerStatuses ?? []) as ContainerStatus[]).find(candidate => candidate.name === containerName);
  const style = styleOf(container.image, pod);

  let start: number;
  let end: number;
  let crashed = false;
  let instance: number;
  if (request.previous) {
    const previous = status?.lastState?.terminated;
    if (!previous || !(status?.restartCount ?? 0)) {
      throw badRequest(`previous terminated container "${containerName}" in pod "${podName}" not found`);
    }
    start = Date.parse(previous.startedAt ?? previous.finishedAt ?? '') || now;
    end = Date.parse(previous.finishedAt ?? '') || now;
    crashed = (previous.exitCode ?? 0) !== 0;
    instance = (status?.restartCount ?? 1) - 1;
  } else {
    const state = status?.state;
    if (!state || state.waiting) {
      if (state?.waiting && (status?.restartCount ?? 0) > 0) {
        const previous = status?.lastState?.terminated;
        start = Date.parse(previous?.startedAt ?? '') || now;
        end = Date.parse(previous?.finishedAt ?? '') || now;
        crashed = true;
        instance = (status?.restartCount ?? 1) - 1;
      } else {
        throw badRequest(`container "${containerName}" in pod "${podName}" is waiting to start: ${state?.waiting?.reason ?? 'ContainerCreating'}`);
      }
    } else if (state.terminated) {
      start = Date.parse(state.terminated.startedAt ?? '') || now;
      end = Date.parse(state.terminated.finishedAt ?? '') || now;
      crashed = (state.terminated.exitCode ?? 0) !== 0;
      instance = status?.restartCount ?? 0;
    } else {
      start = Date.parse(state.running?.startedAt ?? '') || now;
      end = now;
      crashed = false;
      instance = status?.restartCount ?? 0;
      if (crashLooping) end = Math.min(now, start + 1000);
    }
  }

  const entries: Array<{ time: number; text: string }> = [];
  const commandOutput = commandRun && container === containers[0] ? commandRun : undefined;
  const startup = commandOutput ? [] : startupLines(style, start, container.image);
  startup.forEach((text, index) => entries.push({ time: start + index * 100, text }));
  if (commandOutput) {
    // timestamps in the status are whole seconds: an exited container has written every line
    entries.push(...commandRunLines(commandOutput, status?.state?.terminated ? Infinity : end));
  } else if (crashed) {
    crashLines(style, start).forEach(text => entries.push({ time: start + 1500, text }));
  } else if (style === 'job' && end > start) {
    entries.push({ time: end, text: `${iso(end)} INFO cleanup: done` });
  } else {
    const interval = LINE_INTERVAL_MS[style];
    const first = Math.ceil((start + 2000) / interval);
    const last = Math.floor(end / interval);
    for (let slot = Math.max(first, last - MAX_LINES); slot <= last; slot++) {
      const time = slot * interval + Math.floor(seededRandom(`${podName}/${slot}`) * Math.min(1000, interval - 1));
      if (time > end) break;
      entries.push({ time, text: normalLine(style, time, `${podName}/${containerName}/${instance}/${slot}`, pod) });
    }
  }

  let selected = entries;
  let since: number | undefined;
  if (request.sinceTime) since = Date.parse(request.sinceTime);
  else if (request.sinceSeconds !== undefined) since = now - request.sinceSeconds * 1000;
  if (since !== undefined && !Number.isNaN(since)) selected = selected.filter(entry => entry.time >= since);
  if (request.tailLines !== undefined && request.tailLines >= 0) selected = selected.slice(Math.max(0, selected.length - request.tailLines));
  let text = selected.map(entry => `${request.timestamps ? `${new Date(entry.time).toISOString().replace('Z', '000000Z')} ` : ''}${entry.text}\n`).join('');
  if (request.limitBytes !== undefined && request.limitBytes > 0) text = text.slice(0, request.limitBytes);
  return text;
}
