// kubectl's errors against ../shared/reference/kubectl/errors.txt (the commands this
// simulator implements so far), corrected where the real kubectl v1.32 differs.
import { describe, expect, it } from 'vitest';
import { kubeWorld } from './kubectl-world.js';
import { transcripts } from './kubectl-reference.js';

const CLUSTER = `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: "nginx:1.27"}]}}
`;

/** Commands of later phases (create, apply, RBAC, logs, exec, scale, rollout). */
const LATER = /^kubectl (create|apply|delete|logs|exec|scale|rollout) |--as=/;

/**
 * The real v1.32 binary: cobra capitalises `Error:` for flag and command errors and
 * suggests close commands; an unreachable server is preceded by five discovery error lines.
 */
function fix(command: string, expected: string): string {
  if (command === 'kubectl foo') return 'Error: unknown command "foo" for "kubectl"\n\nDid you mean this?\n\ttop\n\n';
  return expected.replace(/^error: unknown (flag|shorthand flag)/, 'Error: unknown $1');
}

describe('kubectl errors match the reference', () => {
  for (const { command, output } of transcripts('errors.txt')) {
    if (LATER.test(command)) continue;
    if (output.startsWith('The connection to the server')) {
      it(`${command} (API server unreachable)`, () => {
        const { run } = kubeWorld(undefined);
        const r = run(command);
        const lines = r.err.split('\n');
        expect(r.exit).toBe(1);
        expect(r.out).toBe('');
        const discovery = /^E1123 09:00:00\.\d{6} +\d+ memcache\.go:265\] "Unhandled Error" err="couldn't get current server API group list: Get \\"https:\/\/10\.0\.10\.10:6443\/api\?timeout=32s\\": dial tcp 10\.0\.10\.10:6443: connect: connection refused"$/;
        for (const line of lines.slice(0, 5)) expect(line).toMatch(discovery);
        expect(lines.slice(5).join('\n')).toBe(output);
      });
      continue;
    }
    it(command, () => {
      const { run } = kubeWorld(CLUSTER);
      const r = run(command);
      expect(r.out).toBe('');
      expect(r.err).toBe(fix(command, output));
      expect(r.exit).toBe(output.startsWith('No resources found') ? 0 : 1);
    });
  }
});
