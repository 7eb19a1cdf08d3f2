// Two copies of one fixture for the write agreement tests: `real` is served to the real
// kubectl, `sim` runs the simulated one; both start at the same wall-clock instant, and the
// manifests `-f` reads sit in a temp directory for the real kubectl and in /root for ours.
// Call inside a describe block: it registers the hooks that start and stop the server.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { EPOCH_MS } from '../../../server/sim/clock.js';
import { kubeWorld } from '../../shell/commands/kubectl-world.js';
import { startFakeApiServer, type FakeApiServer } from './fake-apiserver.js';

export interface PairedWorlds {
  real: ReturnType<typeof kubeWorld>;
  sim: ReturnType<typeof kubeWorld>;
  /** The fake API server serving `real` (set once the hooks ran). */
  server: () => FakeApiServer;
  /** Where the real kubectl finds the manifests. */
  dir: () => string;
}

export function pairedWorlds(fixture: string, files: Record<string, string>): PairedWorlds {
  const real = kubeWorld(fixture, { created: '-41d' });
  const sim = kubeWorld(fixture, { created: '-41d' });
  for (const [name, text] of Object.entries(files)) sim.world.hosts.web1.files[`/root/${name}`] = text;
  let server: FakeApiServer | undefined;
  let dir = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kubectl-files-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    server = await startFakeApiServer(real.world);
    const now = Math.floor(Date.now() / 1000) * 1000 - EPOCH_MS;
    real.world.now = now;
    sim.world.now = now;
  });
  afterAll(() => {
    server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return { real, sim, server: () => server!, dir: () => dir };
}
