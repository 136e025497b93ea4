import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startDevCluster } from '../cluster/startDevCluster';
import type { DevClusterTokens } from '../rbac/TokenAuthenticator';
import { startCliFleet } from './fleet';

/**
 * `gsv-devcluster`: runs the emulator until interrupted, writing a kubeconfig (for kubectl and
 * @kubernetes/client-node) and optionally an env file for the Backstage start script.
 */

const USAGE = `Usage: gsv-devcluster [options]

Runs an embedded Kubernetes API server seeded with the GSV platform, on https://127.0.0.1:<port>.

Options:
  --port <n>              Port on 127.0.0.1 (default 6443; 0 picks a free port)
  --kubeconfig <file>     Write a kubeconfig there (default ./devcluster.kubeconfig)
  --kubeconfig-user <u>   Identity of that kubeconfig: admin (default), backend,
                          kubernetesPlugin or viewer
  --env-out <file>        Write GSV_DEVCLUSTER_URL, GSV_DEVCLUSTER_CA_DATA, GSV_DEVCLUSTER_TOKEN
                          (GSV Ops' service account) and GSV_DEVCLUSTER_READER_TOKEN (the official
                          Kubernetes plugin's read-only service account) there
  --env-file <file>       Same as --env-out. On Node 20, node itself reads --env-file wherever it
                          appears and exits if the file does not exist yet: prefer --env-out
  --name <name>           Cluster name (default dev); a name containing "prod" seeds the prod variant
  --seed <gsv|empty>      What to seed (default gsv)
  --state-dir <dir>       Keep the CA and tokens there across restarts
  --gitops-dir <dir>      The GitOps repository (bare Git, created and seeded when missing) that
                          the Argo CD Applications reconcile from; clusters given the same dir share
                          it (default <state-dir>/gitops.git, else a temporary one)
  --speed <factor>        Simulated time runs this many times faster (default 1)
  --scale-pods <n>        Scale mode: add n running pods in load-NN namespaces
  --fleet <n>             Fleet mode: n clusters (1-200), each its own API server on a free
                          port, named <name>-01, <name>-02, …, without monitoring; the
                          kubeconfig gets a context per cluster
  --fleet-out <file>      Fleet mode: write each cluster's name, URL, CA and tokens there (JSON)
  --prometheus-port <n>   Port of the embedded Prometheus API on 127.0.0.1 (default: any free port)
  --alertmanager-port <n> Port of the embedded Alertmanager API on 127.0.0.1 (default: any free port)
  --no-monitoring         Run without the embedded Prometheus and Alertmanager
  --quiet                 Print only errors
  -h, --help              Show this help
`;

export async function main(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', default: '6443' },
        kubeconfig: { type: 'string', default: './devcluster.kubeconfig' },
        'kubeconfig-user': { type: 'string', default: 'admin' },
        'env-out': { type: 'string' },
        'env-file': { type: 'string' },
        name: { type: 'string', default: 'dev' },
        seed: { type: 'string', default: 'gsv' },
        'state-dir': { type: 'string' },
        'gitops-dir': { type: 'string' },
        speed: { type: 'string', default: '1' },
        'scale-pods': { type: 'string' },
        fleet: { type: 'string' },
        'fleet-out': { type: 'string' },
        'prometheus-port': { type: 'string', default: '0' },
        'alertmanager-port': { type: 'string', default: '0' },
        'no-monitoring': { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  const { values } = parsed;
  const envFile = values['env-out'] ?? values['env-file'];
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const port = Number(values.port);
  const speed = Number(values.speed);
  const scalePods = values['scale-pods']
    ? Number(values['scale-pods'])
    : undefined;
  const user = values['kubeconfig-user'] as keyof DevClusterTokens;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(`--port must be a port number, got ${values.port}`);
  if (!(speed > 0))
    fail(`--speed must be a positive number, got ${values.speed}`);
  if (
    scalePods !== undefined &&
    !(Number.isInteger(scalePods) && scalePods > 0)
  )
    fail(`--scale-pods must be a positive integer`);
  if (!['admin', 'backend', 'kubernetesPlugin', 'viewer'].includes(user))
    fail(
      `--kubeconfig-user must be admin, backend, kubernetesPlugin or viewer`,
    );
  if (values.seed !== 'gsv' && values.seed !== 'empty')
    fail(`--seed must be gsv or empty`);

  const print = (line: string) => {
    if (!values.quiet) process.stdout.write(`${line}\n`);
  };
  if (values.fleet !== undefined) {
    const clusters = Number(values.fleet);
    if (!(Number.isInteger(clusters) && clusters >= 1 && clusters <= 200))
      fail(`--fleet must be a number of clusters from 1 to 200`);
    if (envFile || values['state-dir'] || port !== 6443)
      fail(
        `--fleet picks a free port per cluster and keeps no state: use --fleet-out instead of --env-out, without --port or --state-dir`,
      );
    const fleet = await startCliFleet({
      clusters,
      podsPerCluster: scalePods,
      namePrefix: values.name!,
      speed,
      kubeconfigPath: resolve(values.kubeconfig!),
      user,
      fleetOut: values['fleet-out'] ? resolve(values['fleet-out']) : undefined,
      print,
    });
    await waitForSignal(fleet, print);
    return;
  }
  const started = performance.now();
  const cluster = await startDevCluster({
    port,
    name: values.name,
    seed: values.seed as 'gsv' | 'empty',
    stateDir: values['state-dir'] ? resolve(values['state-dir']) : undefined,
    gitops: values['gitops-dir']
      ? { dir: resolve(values['gitops-dir']) }
      : undefined,
    clock: { speed },
    scale: scalePods ? { pods: scalePods } : undefined,
    monitoring: values['no-monitoring']
      ? false
      : {
          prometheusPort: portOption(
            values['prometheus-port']!,
            '--prometheus-port',
          ),
          alertmanagerPort: portOption(
            values['alertmanager-port']!,
            '--alertmanager-port',
          ),
        },
    log: message => process.stderr.write(`[devcluster] ${message}\n`),
  });
  const kubeconfigPath = resolve(values.kubeconfig!);
  writeFile(kubeconfigPath, cluster.kubeconfig(user), 0o600);
  if (envFile) {
    writeFile(
      resolve(envFile),
      [
        `GSV_DEVCLUSTER_URL=${cluster.url}`,
        `GSV_DEVCLUSTER_CA_DATA=${cluster.caData}`,
        `GSV_DEVCLUSTER_TOKEN=${cluster.tokens.backend}`,
        `GSV_DEVCLUSTER_READER_TOKEN=${cluster.tokens.kubernetesPlugin}`,
        `GSV_DEVCLUSTER_ADMIN_TOKEN=${cluster.tokens.admin}`,
        ...(cluster.monitoring
          ? [
              `GSV_DEVCLUSTER_PROMETHEUS_URL=${cluster.monitoring.prometheusUrl}`,
              `GSV_DEVCLUSTER_ALERTMANAGER_URL=${cluster.monitoring.alertmanagerUrl}`,
            ]
          : []),
        '',
      ].join('\n'),
      0o600,
    );
  }
  print(
    `GSV devcluster "${cluster.name}" ready in ${Math.round(
      performance.now() - started,
    )} ms at ${cluster.url}${speed !== 1 ? ` (time x${speed})` : ''}`,
  );
  print(`  kubeconfig (${user}): ${kubeconfigPath}`);
  print(`  try: KUBECONFIG=${kubeconfigPath} kubectl get pods -A`);
  if (envFile) print(`  env file: ${resolve(envFile)}`);
  print(`  gitops repository: ${cluster.gitops.url}`);
  print(
    `  faults: curl -k -H "Authorization: Bearer $ADMIN_TOKEN" ${cluster.url}/devcluster/faults`,
  );
  if (cluster.monitoring)
    print(
      `  prometheus: ${cluster.monitoring.prometheusUrl}  alertmanager: ${cluster.monitoring.alertmanagerUrl}`,
    );
  await waitForSignal(cluster, print);
}

function writeFile(path: string, content: string, mode: number): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content, { mode });
}

function portOption(text: string, flag: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(`${flag} must be a port number, got ${text}`);
  return port;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function waitForSignal(
  cluster: { stop(): Promise<void> },
  print: (line: string) => void,
): Promise<void> {
  return new Promise(resolvePromise => {
    const stop = (signal: string) => {
      print(`Stopping (${signal})...`);
      cluster.stop().then(
        () => resolvePromise(),
        error => {
          process.stderr.write(`${String(error)}\n`);
          process.exit(1);
        },
      );
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}
