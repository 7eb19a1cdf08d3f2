// The embedded default of `npm start`: a game server on 127.0.0.1 in a worker thread of the
// same process. The game draws its first frame while the server loads the catalogue, and a
// heavy simulated command never stalls the keyboard: the server has a thread of its own.
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker, parentPort, workerData } from 'node:worker_threads';

export interface Embedded {
  /** Resolves with the server's ws:// address once it listens. */
  ready: Promise<string>;
  /** Stops the server: cleanly once it listens, at once while it is still starting. */
  close(): Promise<void>;
  /** Resolves with the reason if the server's thread ends on its own after listening. */
  crashed: Promise<string>;
}

interface WorkerData {
  opsdrillEmbedded: { dataDir: string };
}

type FromWorker = { address: string } | { error: string };

/** Starts the server in a worker running this program's entry file again (see cli.ts). */
export function startEmbedded(dataDir: string, entry = process.argv[1]): Embedded {
  const worker = new Worker(entry, { workerData: { opsdrillEmbedded: { dataDir } } satisfies WorkerData, stdout: true, stderr: true });
  let listening = false;
  let closing = false;
  let lastError: Error | undefined;
  worker.on('error', (e) => (lastError = e));
  const exited = new Promise<number>((done) => worker.once('exit', (code) => done(code)));
  const crashed = new Promise<string>((resolve) => {
    void exited.then((code) => {
      if (listening && !closing) resolve(lastError?.message ?? `its thread stopped (status ${code})`);
    });
  });
  const ready = new Promise<string>((resolve, reject) => {
    worker.once('error', (e) => reject(e));
    worker.once('exit', (code) => reject(new Error(`the server thread stopped (status ${code})`)));
    worker.once('message', (m: FromWorker) => {
      if ('error' in m) return reject(new Error(m.error));
      listening = true;
      resolve(m.address);
    });
  });
  return {
    ready,
    crashed,
    close: async () => {
      closing = true;
      ready.catch(() => {});
      if (!listening) {
        await worker.terminate();
        return;
      }
      const timer = setTimeout(() => void worker.terminate(), 3000);
      worker.postMessage('close');
      await exited;
      clearTimeout(timer);
    },
  };
}

/** This thread is the embedded server's. */
export const isEmbeddedWorker = () => !!(workerData as WorkerData | undefined)?.opsdrillEmbedded;

/** The worker's side: starts the server, says where it listens, and serves until asked to close. */
export async function serveEmbedded(): Promise<void> {
  const { dataDir } = (workerData as WorkerData).opsdrillEmbedded;
  const port = parentPort!;
  let server;
  try {
    mkdirSync(dataDir, { recursive: true });
    const logFile = join(dataDir, 'server.log');
    const { startServer } = await import('../server/server.js');
    server = await startServer({ host: '127.0.0.1', port: 0, dataDir, log: (m) => appendFileSync(logFile, `${new Date().toISOString()} ${m}\n`) });
  } catch (e) {
    port.postMessage({ error: (e as Error).message } satisfies FromWorker);
    return;
  }
  const closed = new Promise<void>((resolve) => port.on('message', (m) => m === 'close' && resolve()));
  port.postMessage({ address: server.address } satisfies FromWorker);
  await closed;
  await server.close();
}
