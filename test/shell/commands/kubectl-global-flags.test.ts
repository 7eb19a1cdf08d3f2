// Global flags before a command with subcommands (`kubectl -n shop set image ...`): cobra
// finds the subcommand past them, as for any other command.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startSession } from '../../../server/headless.js';
import { loadWorldYaml } from '../../../server/sim/world/yaml.js';
import { exec } from '../../helpers/run.js';

const world = () => loadWorldYaml(readFileSync('scenarios/bases/k8s.yaml', 'utf8'), 7);

describe('global flags before a multi-word subcommand', () => {
  it('set image, rollout, top and create take -n / --namespace anywhere', () => {
    const w = world();
    const s = startSession(w, 'cp1');
    const run = (line: string) => exec(w, s, line);
    expect(run('kubectl -n shop set image deploy/api api=registry.corp.internal/shop/api:2.4.9').out).toBe('deployment.apps/api image updated\n');
    expect(run('kubectl --namespace shop rollout history deploy/api').out).toBe('deployment.apps/api \nREVISION  CHANGE-CAUSE\n1         <none>\n\n');
    expect(run('kubectl --namespace=shop set env deploy/api LOG_LEVEL=debug').out).toBe('deployment.apps/api env updated\n');
    expect(run('kubectl -n shop rollout status deploy/web').out).toBe('deployment "web" successfully rolled out\n');
    expect(run('kubectl -n shop top pod').out).toMatch(/^NAME {19}CPU\(cores\) {3}MEMORY\(bytes\) {3}\napi-/);
    expect(run('kubectl -n shop create configmap extra --from-literal=a=b').out).toBe('configmap/extra created\n');
    expect(run('kubectl -n shop set nothing deploy/api')).toMatchObject({ err: 'error: unknown command "nothing"\nSee \'kubectl set -h\' for help and examples\n', exit: 1 });
    expect(run('kubectl -n shop rollout nothing deploy/api')).toMatchObject({ err: 'error: unknown command "nothing"\nSee \'kubectl rollout -h\' for help and examples\n', exit: 1 });
  });
});
