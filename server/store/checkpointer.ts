// WAL checkpoints off the game loop. SQLite checkpoints every 1,000 pages of WAL by default,
// in whichever write crosses the mark, and a checkpoint syncs the database file to disk: tens
// of ms during which every room waits. The server's connection stops checkpointing and a
// worker thread with its own connection does it every second instead; should that thread
// fail, the connection checkpoints by itself again.
import { Worker } from 'node:worker_threads';
import type { Db } from './db.js';

const EVERY_MS = 1000;

export function startCheckpointer(db: Db, log: (m: string) => void): () => void {
  db.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(new URL('./checkpoint-worker.mjs', import.meta.url), { workerData: { file: db.name, everyMs: EVERY_MS } });
  worker.unref();
  let stopped = false;
  worker.on('error', (e) => {
    log(`store: background checkpoints stopped (${e.message}); checkpointing in the server`);
    if (!stopped && db.open) db.pragma('wal_autocheckpoint = 1000');
  });
  return () => {
    stopped = true;
    worker.postMessage('stop');
  };
}
