// An in-process game server on 127.0.0.1 (ephemeral port, data under the OS temp dir).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Scenario } from '../../server/game/scenario/types.js';
import { loadScenarios, startServer, type RunningServer, type ServerOptions } from '../../server/server.js';
import { SCENARIO_DIR } from '../../client/scenario-files.js';
import { TestClient } from './client.js';

export interface TestServer extends RunningServer {
  url: string;
  logs: string[];
  stop(): Promise<void>;
}

export function tempDir(prefix = 'opsdrill-net-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The catalogue, loaded (and linted) once per test file. */
let catalogue: Map<string, Scenario> | undefined;

export async function testServer(opts: Partial<ServerOptions> = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? tempDir();
  const logs: string[] = [];
  catalogue ??= loadScenarios(SCENARIO_DIR, (m) => logs.push(m));
  const s = await startServer({ host: '127.0.0.1', port: 0, log: (m) => logs.push(m), scenarios: catalogue, ...opts, dataDir, room: { streamScale: 0.05, ...opts.room } });
  return {
    ...s,
    url: s.address,
    logs,
    stop: async () => {
      await s.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A running room: its creator and the players who joined, every one past the start. */
export async function playing(url: string, opts: { scenario?: string; mode?: 'team' | 'solo' | 'versus' | 'gm' | 'incident'; seed?: number; names?: string[]; password?: string; teams?: ('a' | 'b')[] } = {}) {
  const names = opts.names ?? ['alice', 'bob'];
  const mode = opts.mode ?? 'team';
  const clients: TestClient[] = [];
  const owner = await TestClient.hello(url, names[0]);
  owner.send({ type: 'create', scenario: opts.scenario ?? 'ws-cannot-reach-shop', mode, seed: opts.seed ?? 3, ...(opts.password ? { password: opts.password } : {}) });
  const room = await owner.next('room');
  clients.push(owner);
  for (const [i, name] of names.slice(1).entries()) {
    const c = await TestClient.hello(url, name);
    c.send({ type: 'join', code: room.view.code, ...(opts.password ? { password: opts.password } : {}), ...(opts.teams ? { team: opts.teams[i + 1] } : {}) });
    await c.next('room');
    clients.push(c);
  }
  if (mode !== 'solo') owner.send({ type: 'start' });
  for (const c of clients) if (!(mode === 'gm' && c === owner)) await c.next('prompt');
  await owner.until((v) => v.state === 'running');
  return { code: room.view.code, clients };
}
