// `kubectl explain` where the real kubectl cannot be compared directly (no API server, help),
// and cobra's unknown-command suggestions, which only name commands the simulator implements.
// Outputs against a server are compared with the real kubectl in test/sim/k8s/kubectl-explain-diff.test.ts.
import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../../../server/shell/commands/kubectl-help.js';
import { kubeWorld } from './kubectl-world.js';

const MANIFESTS = `apiVersion: v1
kind: Namespace
metadata: {name: shop}
`;

const REFUSED_LOCAL = /^E1123 09:00:00\.\d{6} +\d+ memcache\.go:265\] "Unhandled Error" err="couldn't get current server API group list: Get \\"http:\/\/localhost:8080\/api\?timeout=32s\\": dial tcp 127\.0\.0\.1:8080: connect: connection refused"$/;

describe('kubectl explain', () => {
  it('documents a field of a kind', () => {
    const { run } = kubeWorld(MANIFESTS);
    const r = run('kubectl explain po.spec.restartPolicy');
    expect(r).toMatchObject({ err: '', exit: 0 });
    expect(r.out).toBe(
      'KIND:       Pod\nVERSION:    v1\n\nFIELD: restartPolicy <string>\nENUM:\n    Always\n    Never\n    OnFailure\n\n' +
        'DESCRIPTION:\n    When the kubelet restarts containers that exit. Defaults to Always.\n    \n\n',
    );
  });

  it('without a reachable server: two discovery errors, then refused', () => {
    const { run } = kubeWorld(MANIFESTS, { kubeconfig: false });
    const r = run('kubectl explain pods');
    const lines = r.err.trimEnd().split('\n');
    expect(r).toMatchObject({ out: '', exit: 1 });
    expect(lines).toHaveLength(3);
    for (const l of lines.slice(0, 2)) expect(l).toMatch(REFUSED_LOCAL);
    expect(lines[2]).toBe('The connection to the server localhost:8080 was refused - did you specify the right host or port?');
    // Argument errors come before any connection.
    expect(run('kubectl explain')).toMatchObject({ out: '', err: 'error: You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.\n', exit: 1 });
  });

  it('--help prints the usage on stdout', () => {
    const { run } = kubeWorld(MANIFESTS);
    const r = run('kubectl explain --help');
    expect(r.exit).toBe(0);
    expect(r.out).toMatch(/^Describe fields and structure of various resources\.\n/);
    expect(r.out).toContain('  kubectl explain TYPE [--recursive=FALSE|TRUE] [--api-version=api-version-group] [-o|--output=plaintext|plaintext-openapiv2] [options]\n');
  });
});

describe('unknown kubectl commands', () => {
  it('suggest explain for a typo of it', () => {
    const { run } = kubeWorld(MANIFESTS);
    expect(run('kubectl expain pods')).toMatchObject({ out: '', err: 'Error: unknown command "expain" for "kubectl"\n\nDid you mean this?\n\texplain\n\n', exit: 1 });
  });

  it('never suggest a command the simulator does not implement', () => {
    const { run } = kubeWorld(MANIFESTS);
    for (const name of COMMAND_NAMES) {
      const typo = `${name}x`;
      const r = run(`kubectl ${typo}`);
      expect(r.exit).toBe(1);
      const suggested = r.err.split('\n').filter((l) => l.startsWith('\t')).map((l) => l.slice(1));
      for (const s of suggested) {
        const own = run(`kubectl ${s} --help`);
        expect(own.err, `kubectl ${typo} suggests ${s}`).not.toMatch(/unknown command/);
      }
    }
    expect(run('kubectl rn').err).toBe('Error: unknown command "rn" for "kubectl"\n');
  });
});
