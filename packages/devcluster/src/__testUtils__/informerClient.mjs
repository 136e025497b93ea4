// Runs @kubernetes/client-node's informer (list + watch) against a kubeconfig and prints what it sees as JSON
// lines on stdout: {"event":"synced","count":N}, {"event":"add"|"update"|"delete","name":...}, {"event":"error",...}.
// A separate process because client-node is ESM-only and jest runs CommonJS.
import { CoreV1Api, KubeConfig, makeInformer } from '@kubernetes/client-node';

const [kubeconfigPath, namespace] = process.argv.slice(2);
const config = new KubeConfig();
config.loadFromFile(kubeconfigPath);
const api = config.makeApiClient(CoreV1Api);
const print = record => process.stdout.write(`${JSON.stringify(record)}\n`);

const informer = makeInformer(config, `/api/v1/namespaces/${namespace}/pods`, () => api.listNamespacedPod({ namespace }));
informer.on('add', pod => print({ event: 'add', name: pod.metadata.name, resourceVersion: pod.metadata.resourceVersion }));
informer.on('update', pod => print({ event: 'update', name: pod.metadata.name, phase: pod.status?.phase }));
informer.on('delete', pod => print({ event: 'delete', name: pod.metadata.name }));
informer.on('connect', () => print({ event: 'connect' }));
informer.on('error', error => {
  print({ event: 'error', message: String(error?.message ?? error), code: error?.statusCode ?? error?.code });
  // Like client-go's reflector, restart after errors (the client-node informer does not do it by itself).
  setTimeout(() => informer.start().catch(() => undefined), 200);
});

await informer.start();
print({ event: 'synced', count: informer.list(namespace).length });
process.on('SIGTERM', async () => {
  await informer.stop();
  process.exit(0);
});
