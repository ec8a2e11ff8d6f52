import cluster from 'node:cluster';

/**
 * `serve --processes N`: N server processes on one port (node:cluster; the primary accepts and
 * hands connections round-robin to the workers). They share nothing in memory: sessions, login
 * counters, the audit log and annotations are in the case database, so any process serves any
 * request. The primary only forks, reports and restarts a worker that dies unexpectedly.
 */
export function isServerWorker(): boolean {
  return cluster.isWorker;
}

/** Ends a worker's channel to the primary once its server closed, so the worker can exit. */
export function leaveCluster(): void {
  cluster.worker?.disconnect();
}

/** A worker that ran less than this before dying is not restarted (it would only die again). */
const MIN_UPTIME_MS = 5_000;

export interface ClusterHandle {
  /** Resolves with the port once every worker listens. */
  listening: Promise<number>;
  /** Stops every worker (SIGTERM: each closes its socket and case) and resolves when all exited. */
  stop(): Promise<void>;
}

/**
 * Forks `n` copies of this command (same arguments); each runs the server and listens on the
 * shared port.
 * @example const { listening } = startCluster(2); const port = await listening;
 */
export function startCluster(n: number, log: (line: string) => void = () => undefined): ClusterHandle {
  let stopping = false;
  let up = 0;
  let fail: (err: Error) => void = () => undefined;
  let ready: (port: number) => void = () => undefined;
  const listening = new Promise<number>((res, rej) => {
    ready = res;
    fail = rej;
  });
  const started = new Map<number, number>();
  const fork = () => {
    const w = cluster.fork();
    started.set(w.id, Date.now());
    w.once('listening', (addr) => {
      if (++up === n) ready(addr.port);
    });
  };
  cluster.on('exit', (w, code, signal) => {
    if (stopping) return;
    const ranMs = Date.now() - (started.get(w.id) ?? 0);
    if (up < n || ranMs < MIN_UPTIME_MS) {
      fail(
        new Error(`server process ${w.process.pid} exited (${signal ?? `status ${code}`}) before serving`),
      );
      return;
    }
    log(`server process ${w.process.pid} exited (${signal ?? `status ${code}`}); starting another`);
    fork();
  });
  for (let i = 0; i < n; i++) fork();
  return {
    listening,
    stop: async () => {
      stopping = true;
      const workers = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((res) => {
              if (w.isDead()) return res();
              w.once('exit', () => res());
              w.process.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
