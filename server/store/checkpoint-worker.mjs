// The database's WAL checkpoints, in a thread of their own (see checkpointer.ts). Plain
// JavaScript so that it runs as it is, from the sources and beside the bundle.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
// PASSIVE: copies what no reader still needs, never waits for the game loop's connection.
const timer = setInterval(() => db.pragma('wal_checkpoint(PASSIVE)'), workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
