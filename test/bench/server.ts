// Game server under load: the server runs as a child process (`opsdrill server`), the load
// generator here opens rooms of 5 clients on loopback, and each client types a command every
// 2 s. The main run is 200 rooms × 5 clients for 60 s: command round trip (exec sent to exit
// received), server CPU and memory per room. Before and after it, levels of 250 clients more
// each find the largest number of clients the server holds at p99 < 50 ms.
// OPSDRILL_BENCH_SECONDS shortens the main run (and each level) for a smoke check;
// OPSDRILL_BENCH_MAX_CLIENTS caps the levels.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { WebSocket } from 'ws';
import { SCENARIO_DIR } from '../../client/scenario-files.js';
import type { Figure } from './figures.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const SCENARIO = 'ws-cannot-reach-shop';
/** Commands a player types while looking around (none of them fixes anything or waits). */
const COMMANDS = ['ip route', 'ip addr show eth0', 'cat /etc/resolv.conf', 'ss -tln', 'hostname', 'ip neigh', 'systemctl is-active nginx', 'iptables -S'];
const PER_ROOM = 5;
const INTERVAL_MS = 2000;
const MAIN_CLIENTS = 1000;
const LEVEL_STEP = 250;
const MAX_CLIENTS = Number(process.env.OPSDRILL_BENCH_MAX_CLIENTS ?? 2500);
const MAIN_SECONDS = Number(process.env.OPSDRILL_BENCH_SECONDS ?? 60);
const LEVEL_SECONDS = Math.min(10, MAIN_SECONDS);
/** A directory for a CPU profile of the server (node --cpu-prof), to see where its time goes. */
const PROFILE = process.env.OPSDRILL_BENCH_PROFILE;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function quantile(sorted: number[], q: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN;
}

/** One player's connection, lean: it only reads what it needs (welcome, room code, prompt, exit). */
class LoadClient {
  private waiters = new Map<string, (msg: Record<string, unknown>) => void>();
  private pending: { id: string; t0: number } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private n = 0;
  skipped = 0;
  errors = 0;
  samples: number[] | undefined;

  private constructor(readonly ws: WebSocket, readonly name: string) {
    ws.on('message', (data) => {
      const text = data.toString();
      // Most frames are output and view patches: only a few kinds are parsed.
      if (text.startsWith('{"type":"patch"') || text.startsWith('{"type":"output"')) return;
      const msg = JSON.parse(text) as Record<string, unknown>;
      if (msg.type === 'exit' && this.pending && msg.id === this.pending.id) {
        this.samples?.push(performance.now() - this.pending.t0);
        this.pending = undefined;
      } else if (msg.type === 'error') this.errors++;
      const w = this.waiters.get(msg.type as string);
      if (w) {
        this.waiters.delete(msg.type as string);
        w(msg);
      }
    });
    ws.on('error', () => {});
  }

  static async hello(url: string, name: string): Promise<LoadClient> {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const c = new LoadClient(ws, name);
    const welcome = c.next('welcome');
    c.send({ type: 'hello', v: 1, name });
    await welcome;
    return c;
  }

  next(type: string, timeoutMs = 120_000): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`${this.name}: no ${type} frame`)), timeoutMs);
      this.waiters.set(type, (m) => {
        clearTimeout(t);
        resolve(m);
      });
    });
  }

  send(msg: unknown): void {
    this.ws.send(JSON.stringify(msg));
  }

  /** Types a command every INTERVAL_MS from a random offset; a command still running skips a turn. */
  start(): void {
    const tick = () => {
      if (this.pending) this.skipped++;
      else {
        const id = `b${this.n++}`;
        this.pending = { id, t0: performance.now() };
        this.send({ type: 'exec', id, line: COMMANDS[this.n % COMMANDS.length] });
      }
    };
    this.timer = setTimeout(() => {
      tick();
      this.timer = setInterval(tick, INTERVAL_MS);
    }, Math.random() * INTERVAL_MS);
  }

  stop(): void {
    clearTimeout(this.timer);
    clearInterval(this.timer);
  }
}

/** A team room of PER_ROOM players, started, every player at a prompt. */
async function openRoom(url: string, index: number): Promise<LoadClient[]> {
  const owner = await LoadClient.hello(url, `p${index}-0`);
  const created = owner.next('room');
  owner.send({ type: 'create', scenario: SCENARIO, mode: 'team', seed: index });
  const code = ((await created).view as { code: string }).code;
  const others = await Promise.all(Array.from({ length: PER_ROOM - 1 }, async (_, i) => {
    const c = await LoadClient.hello(url, `p${index}-${i + 1}`);
    const joined = c.next('room');
    c.send({ type: 'join', code });
    await joined;
    return c;
  }));
  const clients = [owner, ...others];
  const prompts = clients.map((c) => c.next('prompt'));
  owner.send({ type: 'start' });
  await Promise.all(prompts);
  return clients;
}

interface ServerProc {
  proc: ChildProcess;
  url: string;
  dir: string;
}

async function startServer(): Promise<ServerProc> {
  const dir = mkdtempSync(join(tmpdir(), 'opsdrill-bench-server-'));
  // Only the scenario played is loaded: the server starts faster.
  mkdirSync(join(dir, 'scenarios'));
  copyFileSync(join(SCENARIO_DIR, `${SCENARIO}.yaml`), join(dir, 'scenarios', `${SCENARIO}.yaml`));
  // The server as it ships: the `opsdrill` bundle (`npm run build`), not the sources through tsx.
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  const args = ['dist/opsdrill.js', 'server', '--port', '0', '--data', join(dir, 'data'), '--scenarios', join(dir, 'scenarios')];
  const proc = spawn(process.execPath, [...(PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE}`] : []), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: proc.stdout! }).once('line', resolve);
    proc.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
  });
  const url = /listening on (ws:\/\/\S+),/.exec(line)?.[1];
  if (!url) throw new Error(`unexpected health line: ${line}`);
  return { proc, url, dir };
}

/** CPU seconds (user + system) the process has used. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function rssMB(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1];
  return Number(kb) / 1024;
}

interface Window {
  clients: number;
  p50: number;
  p99: number;
  samples: number;
  skipped: number;
  errors: number;
  cpuPerCore: number;
  /** Server CPU ms per command typed (everything the server did in the window, ticks included). */
  cpuPerCommand: number;
}

/** Every client types for `seconds` (after 2 s to settle); the round trips of that window. */
async function measure(pid: number, clients: LoadClient[], seconds: number): Promise<Window> {
  for (const c of clients) {
    c.samples = undefined;
    c.skipped = 0;
    c.errors = 0;
    c.start();
  }
  await sleep(INTERVAL_MS);
  for (const c of clients) {
    c.samples = [];
    c.skipped = 0;
  }
  const cpu0 = cpuSeconds(pid);
  const own0 = process.cpuUsage();
  const t0 = performance.now();
  await sleep(seconds * 1000);
  const wall = (performance.now() - t0) / 1000;
  const cpu = (cpuSeconds(pid) - cpu0) / wall;
  const own = process.cpuUsage(own0);
  const loadCpu = (own.user + own.system) / 1e6 / wall;
  for (const c of clients) c.stop();
  const all = clients.flatMap((c) => c.samples!).sort((a, b) => a - b);
  const w: Window = {
    clients: clients.length,
    p50: quantile(all, 0.5),
    p99: quantile(all, 0.99),
    samples: all.length,
    skipped: clients.reduce((n, c) => n + c.skipped, 0),
    errors: clients.reduce((n, c) => n + c.errors, 0),
    cpuPerCore: cpu,
    cpuPerCommand: (cpu * seconds * 1000) / Math.max(1, all.length),
  };
  // Let the last commands finish before the next level.
  await sleep(1000);
  console.log(`server bench: ${w.clients} clients, ${seconds} s: p50 ${w.p50.toFixed(2)} ms, p99 ${w.p99.toFixed(2)} ms, ${w.samples} commands, ${w.skipped} turns skipped (command still running), ${w.errors} errors, server CPU ${(w.cpuPerCore * 100).toFixed(0)}% of a core, ${w.cpuPerCommand.toFixed(2)} ms per command (load generator ${(loadCpu * 100).toFixed(0)}%)`);
  return w;
}

export async function serverBench(): Promise<Figure[]> {
  const server = await startServer();
  const pid = server.proc.pid!;
  const clients: LoadClient[] = [];
  try {
    await sleep(500);
    const baseMB = rssMB(pid);
    const grow = async (n: number) => {
      for (let room = clients.length / PER_ROOM; clients.length < n; room += 10) {
        const batch = await Promise.all(Array.from({ length: Math.min(10, (n - clients.length) / PER_ROOM) }, (_, i) => openRoom(server.url, room + i)));
        clients.push(...batch.flat());
      }
    };
    let largest = 0;
    let main: Window | undefined;
    let mainMB = NaN;
    for (let n = LEVEL_STEP; n <= MAX_CLIENTS; n += LEVEL_STEP) {
      await grow(n);
      const isMain = n === MAIN_CLIENTS;
      if (isMain) mainMB = (rssMB(pid) - baseMB) / (n / PER_ROOM);
      const w = await measure(pid, clients, isMain ? MAIN_SECONDS : LEVEL_SECONDS);
      if (isMain) main = w;
      if (w.p99 < 50 && w.errors === 0) largest = n;
      else if (n >= MAIN_CLIENTS) break;
    }
    if (!main) throw new Error('the main run did not happen');
    return [
      { name: 'server: command round trip p50, 200 rooms × 5 clients', value: main.p50, unit: 'ms', target: 10 },
      { name: 'server: command round trip p99, 200 rooms × 5 clients', value: main.p99, unit: 'ms', target: 10 },
      // At the load asked for (a saturated server runs fewer commands than that): 200 rooms in one core.
      { name: 'server: CPU per room (% of one core), 200 rooms', value: (main.cpuPerCommand * (PER_ROOM * 1000) / INTERVAL_MS) / 10, unit: '%', target: 0.5 },
      { name: 'server: memory per room, 200 rooms', value: mainMB, unit: 'MB', target: 5 },
      { name: 'server: most clients held at p99 < 50 ms', value: largest, unit: '', target: 1000, atLeast: true },
    ];
  } finally {
    for (const c of clients) c.ws.terminate();
    server.proc.kill('SIGTERM');
    await new Promise((resolve) => {
      const t = setTimeout(() => {
        server.proc.kill('SIGKILL');
        resolve(undefined);
      }, 10_000);
      server.proc.once('exit', () => {
        clearTimeout(t);
        resolve(undefined);
      });
    });
    rmSync(server.dir, { recursive: true, force: true });
  }
}
