// CoreDNS behind the kube-dns Service (10.96.0.10): cluster names from the Services, the rest
// forwarded to the node's nameserver; scaled to 0 the Service has no endpoints and kube-proxy
// rejects the queries (connection refused, the pods' lookups fail); scaled back, it heals.
import { describe, expect, it } from 'vitest';
import { cluster } from './cluster.js';

const exec = (cmd: string) => `kubectl -n shop exec deploy/web -- ${cmd}`;

describe('cluster DNS', () => {
  it('resolves Service names from pods through the kube-dns Service', () => {
    const { run } = cluster();
    const api = run('kubectl -n shop get svc api -o jsonpath={.spec.clusterIP}').out;
    expect(run(exec('cat /etc/resolv.conf')).out).toBe('search shop.svc.cluster.local svc.cluster.local cluster.local corp.internal\nnameserver 10.96.0.10\noptions ndots:5\n');
    expect(run(exec('nslookup api')).out).toBe(`Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nName:\tapi.shop.svc.cluster.local\nAddress: ${api}\n\n`);
    expect(run(exec('nslookup kube-dns.kube-system.svc.cluster.local')).out).toContain('Address: 10.96.0.10\n');
    expect(run(exec('nslookup nosuch.shop.svc.cluster.local')).out).toContain("** server can't find nosuch.shop.svc.cluster.local: NXDOMAIN\n");
    // The endpoints are the CoreDNS pods.
    const pods = run('kubectl -n kube-system get pods -l k8s-app=kube-dns -o jsonpath={.items[*].status.podIP}').out.split(' ');
    expect(pods).toHaveLength(2);
    for (const ip of pods) expect(run('kubectl -n kube-system get endpoints kube-dns').out).toContain(`${ip}:53`);
  });

  it('forwards other names to the node\'s nameserver', () => {
    const { run } = cluster();
    expect(run(exec('nslookup registry.corp.internal')).out).toBe('Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nName:\tregistry.corp.internal\nAddress: 10.0.20.20\n\n');
    // The upstream refuses (its dnsmasq is stopped): CoreDNS answers SERVFAIL.
    run('ssh dns1 systemctl stop dnsmasq');
    const r = run(exec('nslookup registry.corp.internal'));
    expect(r.out).toContain("** server can't find registry.corp.internal: SERVFAIL\n");
    expect(r.exit).toBe(1);
    // Cluster names do not need the upstream.
    expect(run(exec('nslookup api')).exit).toBe(0);
  });

  it('answers SERVFAIL when the upstream is silent (its forward plugin gives up after 5 s)', () => {
    const { run } = cluster();
    run('ssh dns1 iptables -A INPUT -p udp --dport 53 -j DROP');
    expect(run(exec('nslookup registry.corp.internal')).out).toContain("** server can't find registry.corp.internal: SERVFAIL\n");
    expect(run(exec('curl -sS http://registry.corp.internal/')).err).toBe('curl: (6) Could not resolve host: registry.corp.internal\ncommand terminated with exit code 6\n');
    // CoreDNS logs each failed forward (its errors plugin).
    const logs = run('kubectl -n kube-system logs deploy/coredns').out + run(`kubectl -n kube-system logs ${run('kubectl -n kube-system get pods -l k8s-app=kube-dns -o jsonpath={.items[1].metadata.name}').out}`).out;
    expect(logs).toMatch(/\n\[ERROR\] plugin\/errors: 2 registry\.corp\.internal\.(corp\.internal\.)? A: read udp 10\.244\.\d+\.\d+:\d+->10\.0\.20\.53:53: i\/o timeout\n/);
  });

  it('fails lookups while CoreDNS is scaled to 0, and heals when it is back', () => {
    const { run, wait } = cluster();
    run('kubectl -n kube-system scale deploy coredns --replicas=0');
    wait(40);
    expect(run('kubectl -n kube-system get endpoints kube-dns').out).toMatch(/\nkube-dns {3}<none> {6}\d+m\n$/);
    const ns = run(exec('nslookup api'));
    expect(ns.out).toBe(';; communications error to 10.96.0.10#53: connection refused\n;; no servers could be reached\n\n');
    expect(ns.exit).toBe(1);
    expect(run(exec('curl -sS http://api/api/items')).err).toBe('curl: (6) Could not resolve host: api\ncommand terminated with exit code 6\n');
    run('kubectl -n kube-system scale deploy coredns --replicas=2');
    wait(20);
    expect(run(exec('curl -sS http://api/api/items')).out).toBe('{"items":[]}\n');
  });

  it('times out when CoreDNS cannot be reached (a NetworkPolicy in kube-system drops the queries)', () => {
    const { run } = cluster();
    run(`kubectl apply -f - <<'EOF'
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: kube-system}
spec:
  podSelector: {}
  policyTypes: [Ingress]
EOF`);
    const ns = run(exec('nslookup api'));
    expect(ns.out).toBe(';; communications error to 10.96.0.10#53: timed out\n;; communications error to 10.96.0.10#53: timed out\n;; communications error to 10.96.0.10#53: timed out\n;; no servers could be reached\n\n');
    expect(ns.exit).toBe(1);
    run('kubectl -n kube-system delete networkpolicy deny-all');
    expect(run(exec('nslookup api')).exit).toBe(0);
  });
});
