import type { ServerResponse } from 'node:http';

/**
 * `kubectl logs -f`: keeps the response open and appends the lines the container writes as simulated time passes,
 * until the container has terminated (as the kubelet ends the stream), the pod goes away, the client disconnects, or
 * the cluster stops.
 */
export class LogFollowers {
  private readonly open = new Set<() => void>();

  constructor(private readonly pollIntervalMs = 500) {}

  /** The logs followed right now. */
  get size(): number {
    return this.open.size;
  }

  follow(
    response: ServerResponse,
    initial: string,
    nextChunk: (sinceMs: number) => string | undefined,
    now: () => number,
    /** The container has terminated: after the lines it wrote until then, the stream ends. */
    terminated: () => boolean = () => false,
  ): void {
    response.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
    if (initial) response.write(initial);
    let last = now();
    let timer: NodeJS.Timeout | undefined = undefined;
    const stop = () => {
      clearInterval(timer);
      this.open.delete(stop);
      if (!response.writableEnded) response.end();
    };
    const poll = () => {
      const ended = terminated();
      const current = now();
      const chunk = nextChunk(last + 1);
      last = current;
      if (chunk) response.write(chunk);
      if (chunk === undefined || ended) stop();
    };
    timer = setInterval(poll, this.pollIntervalMs);
    this.open.add(stop);
    response.on('close', stop);
  }

  closeAll(): void {
    for (const stop of [...this.open]) stop();
  }
}
