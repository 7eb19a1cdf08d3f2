// The game server: a WebSocket endpoint (ws) on loopback by default, rooms rebuilt from the
// database on start. Used by `opsdrill server` and by the client's embedded solo mode.
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { loadScenarioFile, scenarioFiles, SCENARIO_DIR } from '../client/scenario-files.js';
import type { Scenario } from './game/scenario/types.js';
import { LIMITS } from '../shared/protocol.js';
import { openStore } from './store/store.js';
import { Connection, DEFAULT_LIMITS, type ConnectionLimits } from './net/connection.js';
import { Hub } from './net/hub.js';
import { DEFAULT_ROOM_CONFIG, type RoomConfig } from './net/room.js';

/** Room ticks go out this often, each time to the next share of the rooms (see Rotation). */
const TICK_SHARE_MS = 5;
/** Heartbeats are spread over their period in this many shares. */
const HEARTBEAT_SHARES = 20;

export interface ServerOptions {
  host?: string;
  port?: number;
  dataDir: string;
  scenariosDir?: string;
  /** Scenarios already loaded (instead of reading scenariosDir). */
  scenarios?: Map<string, Scenario>;
  room?: Partial<RoomConfig>;
  limits?: Partial<ConnectionLimits>;
  /** Wall ms between heartbeats; a connection that missed one is dropped. */
  heartbeatMs?: number;
  log?: (message: string) => void;
}

export interface RunningServer {
  /** ws://host:port */
  address: string;
  port: number;
  dataDir: string;
  scenarios: number;
  /** Rooms rebuilt from the database on start. */
  restored: number;
  hub: Hub;
  close(): Promise<void>;
}

export function loadScenarios(dir: string, log: (m: string) => void): Map<string, Scenario> {
  const out = new Map<string, Scenario>();
  for (const file of scenarioFiles([dir])) {
    const r = loadScenarioFile(file);
    if (r.scenario) out.set(r.scenario.id, r.scenario);
    else log(`skipping ${r.file}: ${r.errors.length} error(s), first: ${r.errors[0]?.message}`);
  }
  return out;
}

/** One scenario by id: its own file (named after it) if there is one, else the whole directory. */
export function findScenario(dir: string, id: string): Scenario | undefined {
  const own = join(dir, `${id}.yaml`);
  if (/^[\w-]+$/.test(id) && existsSync(own)) {
    const r = loadScenarioFile(own);
    if (r.scenario?.id === id) return r.scenario;
  }
  return loadScenarios(dir, () => {}).get(id);
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const log = opts.log ?? ((m: string) => process.stderr.write(`opsdrill server: ${m}\n`));
  const config: RoomConfig = { ...DEFAULT_ROOM_CONFIG, ...opts.room };
  const limits: ConnectionLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const scenarios = opts.scenarios ?? loadScenarios(opts.scenariosDir ?? SCENARIO_DIR, log);
  const store = openStore(opts.dataDir);
  store.checkpointInBackground(log);
  const hub = new Hub({ store, scenarios, config, log });
  const restored = hub.restore();

  const wss = new WebSocketServer({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 7420, maxPayload: LIMITS.maxFrameBytes, perMessageDeflate: false });
  const conns = new Set<Connection>();
  wss.on('connection', (ws: WebSocket) => {
    const conn = new Connection(ws, limits, log);
    conns.add(conn);
    ws.on('error', (e) => log(`connection ${conn.id}: ${e.message}`));
    ws.on('pong', () => {
      conn.alive = true;
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        conn.send({ type: 'error', code: 'bad-frame', message: 'frames are JSON text, not binary' });
        return;
      }
      hub.onMessage(conn, data.toString());
    });
    ws.on('close', () => {
      conns.delete(conn);
      conn.closed = true;
      hub.onClose(conn);
    });
  });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  wss.on('error', (e) => log(`server: ${e.message}`));

  // A share is a room or two: commands arriving meanwhile wait only for those.
  const tickShares = Math.max(1, Math.floor(config.tickMs / TICK_SHARE_MS));
  const ticker = setInterval(() => hub.tickShare(tickShares), config.tickMs / tickShares);
  // Each connection belongs to one share of the heartbeat (by its id), so that it is pinged
  // exactly once a period whoever comes and goes.
  let share = 0;
  const heartbeat = setInterval(() => {
    for (const c of conns) if (c.id % HEARTBEAT_SHARES === share) c.ping();
    share = (share + 1) % HEARTBEAT_SHARES;
  }, (opts.heartbeatMs ?? 30_000) / HEARTBEAT_SHARES);

  const addr = wss.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    address: `ws://${host}:${addr.port}`,
    port: addr.port,
    dataDir: opts.dataDir,
    scenarios: scenarios.size,
    restored,
    hub,
    close: async () => {
      clearInterval(ticker);
      clearInterval(heartbeat);
      for (const c of conns) c.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      hub.close();
      store.close();
    },
  };
}
