// Background jobs and bash's job control builtins, with kubectl port-forward (the command
// that runs in the background) on the k8s base world. Formats checked against bash 5.2.
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { newSession } from '../../server/shell/shell.js';
import type { Session } from '../../server/shell/types.js';
import type { World } from '../../server/sim/world/types.js';
import { loadWorldYaml } from '../../server/sim/world/yaml.js';
import { exec } from '../helpers/run.js';

const built = loadWorldYaml(readFileSync('scenarios/bases/k8s.yaml', 'utf8'), 1, 'k8s.yaml');
const FORWARD = (port: number) => `kubectl -n shop port-forward svc/web ${port}:80`;

let world: World;
let session: Session;
const run = (line: string) => exec(world, session, line);
const pidOf = (err: string) => /\[\d+\] (\d+)\n/.exec(err)?.[1];

beforeEach(() => {
  world = structuredClone(built);
  session = newSession(world, 'cp1');
});

describe('starting jobs', () => {
  it('numbers jobs from 1, marks the newest + and the one before -, and reuses freed numbers', () => {
    expect(run(`${FORWARD(8081)} &`).err).toMatch(/^\[1\] \d+\n$/);
    expect(run(`${FORWARD(8082)} &`).err).toMatch(/^\[2\] \d+\n$/);
    expect(run(`${FORWARD(8083)} &`).err).toMatch(/^\[3\] \d+\n$/);
    expect(run('jobs').out).toBe([
      `[1]   Running                 ${FORWARD(8081)} &`,
      `[2]-  Running                 ${FORWARD(8082)} &`,
      `[3]+  Running                 ${FORWARD(8083)} &`,
      '',
    ].join('\n'));
    run('kill %3');
    run('true');
    expect(run(`${FORWARD(8084)} &`).err).toMatch(/^\[3\] \d+\n$/);
  });

  it('runs the commands after `&` in the same line', () => {
    const r = run(`${FORWARD(8081)} & echo started`);
    expect(r.out).toContain('Forwarding from 127.0.0.1:8081');
    expect(r.out.endsWith('started\n')).toBe(true);
    expect(r.exit).toBe(0);
  });

  it('refuses commands that do not run in the background here, changing nothing', () => {
    const r = run('sleep 100 &');
    expect([r.exit, r.err]).toEqual([1, 'bash: running sleep in the background (&) is not supported by this simulated shell\n']);
    expect(r.elapsedMs).toBe(0);
    expect(run('jobs').out).toBe('');
  });

  it('keeps the jobs of an ssh shell apart from the shell below it', () => {
    run(`${FORWARD(8081)} &`);
    run('ssh cp1');
    expect(run('jobs').out).toBe('');
    expect(run('kill %1').err).toBe('bash: kill: %1: no such job\n');
    run('exit');
    expect(run('jobs').out).toContain(FORWARD(8081));
  });
});

describe('kill', () => {
  it('by PID, and with -9: bash reports Killed after the next line', () => {
    const pid = pidOf(run(`${FORWARD(8081)} &`).err);
    expect(run(`kill -9 ${pid}`).err).toBe('');
    expect(run('true').err).toBe(`[1]+  Killed                  ${FORWARD(8081)}\n`);
  });

  it('SIGINT stops kubectl cleanly (Done); SIGHUP hangs it up', () => {
    run(`${FORWARD(8081)} &`);
    run('kill -INT %1');
    expect(run('true').err).toBe(`[1]+  Done                    ${FORWARD(8081)}\n`);
    run(`${FORWARD(8081)} &`);
    run('kill -s HUP %%');
    expect(run('true').err).toBe(`[1]+  Hangup                  ${FORWARD(8081)}\n`);
  });

  it.each([
    ['kill', 2, 'kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n'],
    ['kill -TERM', 2, 'kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n'],
    ['kill -s FOO %1', 1, 'bash: kill: FOO: invalid signal specification\n'],
    ['kill abc', 1, 'bash: kill: abc: arguments must be process or job IDs\n'],
    ['kill %9', 1, 'bash: kill: %9: no such job\n'],
    ['kill %', 1, 'bash: kill: %: no such job\n'],
    ['kill 999999', 1, 'bash: kill: (999999) - No such process\n'],
  ])('%s', (line, exit, err) => {
    const r = run(line);
    expect([r.exit, r.err, r.out]).toEqual([exit, err, '']);
  });

  it('-l lists the signals as bash does', () => {
    const lines = run('kill -l').out.split('\n');
    expect(lines[0]).toBe(' 1) SIGHUP\t 2) SIGINT\t 3) SIGQUIT\t 4) SIGILL\t 5) SIGTRAP');
    expect(lines[12]).toBe('63) SIGRTMAX-1\t64) SIGRTMAX\t');
    expect(lines.length).toBe(14);
  });
});

describe('jobs, fg and bg', () => {
  it('jobs -p and a jobspec; an unknown jobspec', () => {
    const first = pidOf(run(`${FORWARD(8081)} &`).err);
    const second = pidOf(run(`${FORWARD(8082)} &`).err);
    expect(run('jobs -p').out).toBe(`${first}\n${second}\n`);
    expect(run('jobs %1').out).toBe(`[1]-  Running                 ${FORWARD(8081)} &\n`);
    const bad = run('jobs %7');
    expect([bad.exit, bad.err]).toEqual([1, 'bash: jobs: %7: no such job\n']);
    expect(run('jobs -z').err).toBe('bash: jobs: -z: invalid option\njobs: usage: jobs [-lnprs] [jobspec ...] or jobs -x command [args]\n');
  });

  it('fg and bg without jobs; bg of a running job', () => {
    expect(run('fg').err).toBe('bash: fg: current: no such job\n');
    expect(run('bg').err).toBe('bash: bg: current: no such job\n');
    run(`${FORWARD(8081)} &`);
    const r = run('bg %1');
    expect([r.exit, r.err]).toEqual([0, 'bash: bg: job 1 already in background\n']);
  });

  it('fg brings the forward to the foreground until Ctrl-C; then it is gone', () => {
    run(`${FORWARD(8081)} &`);
    const r = exec(world, session, 'fg');
    expect(r.out).toBe(`${FORWARD(8081)}\n`);
    expect(r.elapsedMs).toBeGreaterThan(60_000);
    expect(run('jobs').out).toBe('');
    expect(run('curl -s localhost:8081/').exit).toBe(7);
  });
});
