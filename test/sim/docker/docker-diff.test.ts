// The simulated docker CLI against the real docker CLI 28.x: a fake Engine API on
// 127.0.0.1 serves the simulated host's containers, images and networks, the real CLI
// formats them, and both outputs must agree byte for byte. The world's clock is pinned to
// the wall clock so that "2 days ago" reads the same on both sides. Skipped without docker.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EPOCH_MS } from '../../../server/sim/clock.js';
import { dockerWorld } from '../../shell/commands/docker-world.js';
import { dockerAvailable, runRealDocker, startFakeEngine, type FakeEngine } from './fake-engine.js';

const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);

const CASES: string[][] = [
  ['ps'], ['ps', '-a'], ['ps', '-q'], ['ps', '-aq', '--no-trunc'], ['ps', '-n', '1'], ['ps', '--no-trunc'],
  ['ps', '--format', '{{.Names}} {{.Status}}'], ['ps', '-a', '--format', 'table {{.Names}}\t{{.Ports}}\t{{.State}}'], ['ps', '--format', '{{json .Names}}'],
  ['images'], ['images', '-q'], ['images', '--format', '{{.Repository}}:{{.Tag}} {{.Size}}'],
  ['network', 'ls'], ['network', 'ls', '-q'], ['network', 'ls', '--no-trunc'],
  ['network', 'inspect', 'bridge'], ['network', 'inspect', 'app-net', 'host'], ['network', 'inspect', 'nope'], ['network', 'inspect', 'bridge', 'nope'],
  ['network', 'inspect', '-f', '{{.Name}} {{.Driver}}', 'app-net'],
  ['logs', 'web'], ['logs', 'shop-api'], ['logs', '--tail', '1', 'web'], ['logs', 'nope'],
  ['inspect', '-f', '{{.State.Status}}', 'web'], ['inspect', '-f', '{{.State.ExitCode}} {{.RestartCount}}', 'shop-api'], ['inspect', 'nope'],
  ['ps', '--foo'], ['images', '-z'], ['network', 'ls', '--bar'],
];

describe.skipIf(!dockerAvailable())('simulated docker CLI agrees with the real docker CLI', () => {
  const { world, run } = dockerWorld(Math.floor(Date.now() / 1000) * 1000 - EPOCH_MS);
  let engine: FakeEngine;
  beforeAll(async () => {
    engine = await startFakeEngine(world, 'web1');
  });
  afterAll(() => engine?.close());

  it.each(CASES.map((args) => [args.map(quote).join(' '), args]))('docker %s', async (_line, args) => {
    const argv = args as string[];
    const ours = run(`docker ${argv.map(quote).join(' ')}`);
    const real = await runRealDocker(engine, argv);
    expect({ stdout: ours.out, stderr: ours.err, exit: ours.exit }).toEqual(real);
  });
});
