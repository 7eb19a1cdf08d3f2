// sleep, watch and date on the simulated clock: errors as GNU coreutils and procps-ng print
// them, time that passes for the world (the cluster's controllers included), and watch's
// full-screen refreshes until something changes or Ctrl-C.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commands } from '../../../server/shell/commands/index.js';
import { execLine, newSession } from '../../../server/shell/shell.js';
import { tickWorld } from '../../../server/sim/tick.js';
import { loadWorldYaml } from '../../../server/sim/world/yaml.js';
import { shell, textOf } from '../../helpers/run.js';

describe('sleep', () => {
  it('lets the given time pass, summing its operands and suffixes', () => {
    const { run } = shell();
    expect(run('sleep 2').elapsedMs).toBe(2000);
    expect(run('sleep 1.5m 30 .5').elapsedMs).toBe(120_500);
  });

  it('rejects what GNU sleep rejects, with its messages, and waits for nothing', () => {
    const { run } = shell();
    expect(run('sleep')).toMatchObject({ exit: 1, elapsedMs: 0, err: "sleep: missing operand\nTry 'sleep --help' for more information.\n" });
    expect(run('sleep 1x 2 y')).toMatchObject({ exit: 1, elapsedMs: 0, err: "sleep: invalid time interval ‘1x’\nsleep: invalid time interval ‘y’\nTry 'sleep --help' for more information.\n" });
    expect(run('sleep -1')).toMatchObject({ exit: 1, err: "sleep: invalid option -- '1'\nTry 'sleep --help' for more information.\n" });
  });

  it('stops where Ctrl-C was pressed', () => {
    const { world, session } = shell();
    const r = execLine(world, session, 'sleep 60', commands, { interruptAt: 5000 });
    expect(r.exit).toBe(130);
    expect(r.elapsedMs).toBe(5000);
  });
});

describe('date', () => {
  it('prints the simulated clock as date does', () => {
    const { world, run } = shell();
    world.now = 65_000;
    expect(run('date').out).toBe('Mon Nov 23 09:01:05 UTC 2026\n');
    expect(run("date -u '+%F %T %s'").out).toBe('2026-11-23 09:01:05 1795424465\n');
    expect(run('date -R').out).toBe('Mon, 23 Nov 2026 09:01:05 +0000\n');
    expect(run('date tomorrow')).toMatchObject({ exit: 1, err: 'date: invalid date ‘tomorrow’\n' });
  });
});

describe('watch', () => {
  const cluster = () => {
    const world = loadWorldYaml(readFileSync('scenarios/bases/k8s.yaml', 'utf8'), 3);
    tickWorld(world, 0);
    return { world, session: newSession(world, 'cp1') };
  };

  it('redraws the screen with its header every interval until the output changes (-g)', () => {
    const { world, session } = cluster();
    execLine(world, session, 'kubectl -n shop scale deploy/web --replicas=3', commands);
    const r = execLine(world, session, "watch -n 1 -g 'kubectl -n shop get deploy web'", commands);
    const out = textOf(r.chunks, 1);
    const frames = out.split('\x1b[H\x1b[2J').slice(1);
    expect(frames.length).toBeGreaterThanOrEqual(2);
    expect(frames[0]).toMatch(/^Every 1\.0s: kubectl -n shop get deploy web {2,}cp1: Mon Nov 23 09:00:00 2026\n\nNAME  +READY/);
    expect(frames[0].split('\n')[0]).toHaveLength(80);
    expect(frames.at(-1)).toMatch(/web +3\/3/);
    expect(r.exit).toBe(0);
  });

  it('stops refreshing after 300 frames but keeps running until Ctrl-C', () => {
    const { world, session } = shell();
    const r = execLine(world, session, 'watch -n 0.1 hostname', commands, { interruptAt: 100_000 });
    expect(textOf(r.chunks, 1).split('\x1b[H\x1b[2J').length - 1).toBe(300);
    expect(r.elapsedMs).toBe(100_000);
    expect(r.exit).toBe(130);
  });

  it('runs until Ctrl-C, and its usage errors are procps-ng ones', () => {
    const { run, world, session } = shell();
    const r = execLine(world, session, 'watch hostname', commands, { interruptAt: 4500 });
    expect(r.exit).toBe(130);
    expect(textOf(r.chunks, 1).split('\x1b[H\x1b[2J').length - 1).toBe(3);
    expect(run('watch -n abc ls')).toMatchObject({ exit: 1, err: "watch: failed to parse argument: 'abc': Invalid argument\n" });
    expect(run('watch')).toMatchObject({ exit: 1 });
    expect(run('watch').err).toMatch(/^\nUsage:\n watch \[options\] command\n/);
  });
});
