// Cross-layer: the image registry is unreachable from node2 only, because of a network fault
// on that node. Only pods scheduled there fail to pull, with containerd's error for that
// fault; fixing the node's network heals them at their next pull, without touching Kubernetes.
import { describe, expect, it } from 'vitest';
import { cluster } from './cluster.js';

const IMAGE = 'registry.corp.internal/shop/web:1.4.3';
const HEAD = `Failed to pull image "${IMAGE}": rpc error: code = Unknown desc = failed to pull and unpack image "${IMAGE}": failed to resolve reference "${IMAGE}": failed to do request: Head "https://registry.corp.internal/v2/shop/web/manifests/1.4.3": `;

/** The new web pods (image 1.4.3) as `name status node`. */
function newPods(run: (l: string) => { out: string }): { name: string; status: string; node: string }[] {
  const rows = run('kubectl -n shop get pods -l app=web -o wide').out.trim().split('\n').slice(1).map((l) => l.split(/\s+/));
  const images = run(`kubectl -n shop get pods -l app=web -o jsonpath='{range .items[*]}{.metadata.name} {.spec.containers[0].image}{"\\n"}{end}'`).out;
  const fresh = new Set(images.trim().split('\n').filter((l) => l.endsWith(IMAGE)).map((l) => l.split(' ')[0]));
  return rows.filter((r) => fresh.has(r[0])).map((r) => ({ name: r[0], status: r[2], node: r[6] }));
}

function rollOut(breakNode2: string[]) {
  const c = cluster();
  for (const line of breakNode2) c.run(line);
  c.run(`kubectl -n shop set image deploy/web web=${IMAGE}`);
  c.run('kubectl -n shop scale deploy/web --replicas=4');
  c.wait(90);
  return c;
}

describe('registry unreachable from node2', () => {
  it('an OUTPUT DROP on node2: only its pods are in ImagePullBackOff, with the dial timeout', () => {
    const { run, wait } = rollOut(['ssh node2 iptables -A OUTPUT -d 10.0.20.20 -p tcp --dport 443 -j DROP']);
    const pods = newPods(run);
    const failing = pods.filter((p) => p.status !== 'Running');
    expect(failing.length).toBeGreaterThan(0);
    for (const p of failing) {
      expect(p.node).toBe('node2');
      expect(['ErrImagePull', 'ImagePullBackOff']).toContain(p.status);
    }
    expect(pods.filter((p) => p.node === 'node1').every((p) => p.status === 'Running')).toBe(true);
    const describe = run(`kubectl -n shop describe pod ${failing[0].name}`).out;
    expect(describe).toContain(`${HEAD}dial tcp 10.0.20.20:443: i/o timeout\n`);
    expect(describe).toMatch(/Back-off pulling image "registry\.corp\.internal\/shop\/web:1\.4\.3"/);
    // From node2 itself the registry does not answer at all.
    expect(run('ssh node2 curl -sS -m 5 https://registry.corp.internal/v2/').err).toBe('curl: (28) Connection timed out after 5000 milliseconds\n');

    run('ssh node2 iptables -D OUTPUT -d 10.0.20.20 -p tcp --dport 443 -j DROP');
    wait(330);
    expect(newPods(run).map((p) => p.status)).toEqual(['Running', 'Running', 'Running', 'Running']);
  });

  it('node2 without its default route: connect fails at once with "network is unreachable"; the route heals it', () => {
    const { run, wait } = rollOut(['ssh node2 ip route del default', 'ssh node2 ip route add 10.0.20.53 via 10.0.10.1']);
    const failing = newPods(run).filter((p) => p.status !== 'Running');
    expect(failing.length).toBeGreaterThan(0);
    for (const p of failing) expect(p.node).toBe('node2');
    expect(run(`kubectl -n shop describe pod ${failing[0].name}`).out).toContain(`${HEAD}dial tcp 10.0.20.20:443: connect: network is unreachable\n`);
    run('ssh node2 ip route add default via 10.0.10.1');
    wait(330);
    expect(newPods(run).map((p) => p.status)).toEqual(['Running', 'Running', 'Running', 'Running']);
  });
});
