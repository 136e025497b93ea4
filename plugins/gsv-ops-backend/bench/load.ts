/*
 * The benchmark's load process: V viewers that each request a URL every `interval` seconds for `duration`
 * seconds, timing each request on a quiet event loop of its own (the devcluster's simulation runs in another
 * process). Driven by bench.ts over IPC; not meant to be started by hand.
 */

interface Phase {
  type: 'run';
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  viewers: number;
  durationMs: number;
  intervalMs: number;
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function run(phase: Phase) {
  const latencies: number[] = [];
  let failures = 0;
  // Each tab's first load opens its connection (and warms this process): not counted.
  await Promise.all(
    Array.from({ length: phase.viewers }, () =>
      fetch(phase.url, { method: phase.method, headers: phase.headers, body: phase.body })
        .then(res => res.arrayBuffer())
        .catch(() => undefined),
    ),
  );
  process.send?.({ type: 'warmed' });
  const end = Date.now() + phase.durationMs;
  const viewer = async (offset: number) => {
    await sleep(offset);
    while (Date.now() < end) {
      const started = performance.now();
      try {
        const res = await fetch(phase.url, { method: phase.method, headers: phase.headers, body: phase.body });
        await res.arrayBuffer();
        if (!res.ok) failures += 1;
      } catch {
        failures += 1;
      }
      const elapsed = performance.now() - started;
      latencies.push(elapsed);
      await sleep(Math.max(0, phase.intervalMs - elapsed));
    }
  };
  await Promise.all(Array.from({ length: phase.viewers }, (_, i) => viewer((i * phase.intervalMs) / phase.viewers)));
  return { latencies, failures };
}

process.on('message', async (message: Phase | { type: 'stop' }) => {
  if (message.type === 'stop') process.exit(0);
  if (message.type === 'run') process.send?.({ type: 'done', ...(await run(message)) });
});
process.send?.({ type: 'ready' });
