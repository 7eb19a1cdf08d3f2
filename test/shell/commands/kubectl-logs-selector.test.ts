// kubectl logs over several pods in the running base cluster: `-l` (last 10 lines of each by
// default), --prefix, --all-containers, --all-pods, TYPE/NAME's first pod, -f over several
// streams and --max-log-requests, and a failing stream stopping the output.
import { describe, expect, it } from 'vitest';
import { runtimeOf } from '../../../server/sim/k8s/runtime.js';
import { cluster } from '../../sim/k8s/behaviour/cluster.js';

function webPods() {
  const c = cluster();
  const [a, b] = [c.pod('shop', 'web-'), c.pod('shop', 'web-', [c.pod('shop', 'web-')])];
  const logsOf = (name: string) => {
    const pod = Object.values(c.world.cluster!.objects.Pod ?? {}).find((p) => p.metadata.name === name)!;
    return runtimeOf(c.world)!.pods[pod.metadata.uid!].containers[0].logs;
  };
  const write = (name: string, ...texts: string[]) => logsOf(name).push(...texts.map((text) => ({ at: c.world.now, text })));
  const textOf = (name: string) => logsOf(name).map((l) => l.text);
  return { c, a, b, logsOf: textOf, write };
}

const lines = (ls: string[]) => ls.map((l) => `${l}\n`).join('');

describe('kubectl logs with a selector', () => {
  it('prints every matching pod, the last 10 lines of each unless --tail says otherwise', () => {
    const { c, a, b, logsOf, write } = webPods();
    for (let i = 1; i <= 15; i++) write(a, `request ${i}`);
    const r = c.run('kubectl logs -n shop -l app=web');
    expect(r).toMatchObject({ out: lines(logsOf(a).slice(-10)) + lines(logsOf(b)), err: '', exit: 0 });
    expect(c.run('kubectl logs -n shop -l app=web --tail=-1').out).toBe(lines(logsOf(a)) + lines(logsOf(b)));
    expect(c.run(`kubectl logs -n shop ${a}`).out).toBe(lines(logsOf(a)));
    expect(c.run('kubectl logs -n shop --selector app=web --tail=1 --prefix').out).toBe(`[pod/${a}/web] request 15\n[pod/${b}/web] ${logsOf(b).at(-1)}\n`);
  });

  it('--limit-bytes cuts each stream after that many bytes, in the middle of a line if need be', () => {
    const { c, a, b, logsOf, write } = webPods();
    write(a, 'GET /healthz 200', 'GET /orders 502');
    const all = lines(logsOf(a));
    expect(c.run(`kubectl logs -n shop ${a} --limit-bytes=${all.length - 5}`).out).toBe(all.slice(0, -5));
    expect(c.run(`kubectl logs -n shop ${a} --limit-bytes=100000`).out).toBe(all);
    expect(c.run('kubectl logs -n shop -l app=web --prefix --tail=1 --limit-bytes=4').out).toBe(`[pod/${a}/web] GET [pod/${b}/web] ${logsOf(b).at(-1)!.slice(0, 4)}`);
  });

  it('--all-containers, --all-pods and a TYPE/NAME that picks one pod', () => {
    const { c, a, b, logsOf } = webPods();
    expect(c.run('kubectl logs -n shop -l app=web --all-containers --prefix --tail=1').out).toBe(`[pod/${a}/web] ${logsOf(a).at(-1)}\n[pod/${b}/web] ${logsOf(b).at(-1)}\n`);
    expect(c.run('kubectl logs -n shop deploy/web --all-pods --tail=1').out).toBe(`[pod/${a}/web] ${logsOf(a).at(-1)}\n[pod/${b}/web] ${logsOf(b).at(-1)}\n`);
    const one = c.run('kubectl logs -n shop deploy/web');
    expect(one.err).toMatch(/^Found 2 pods, using pod\/web-[a-z0-9]+-[a-z0-9]{5}\n$/);
    expect(one.out).toBe(lines(logsOf(one.err.trim().split('pod/')[1])));
  });

  it('no match, a bad selector, and a stream that fails stop as kubectl does', () => {
    const { c } = webPods();
    expect(c.run('kubectl logs -n shop -l app=nope')).toMatchObject({ out: '', err: 'No resources found in shop namespace.\n', exit: 0 });
    expect(c.run('kubectl logs -n shop -l app=web x')).toMatchObject({ err: "error: only a selector (-l) or a POD name is allowed\nSee 'kubectl logs -h' for help and examples\n", exit: 1 });
    const proxy = c.run('kubectl logs -n kube-system -l k8s-app=kube-proxy');
    expect(proxy.exit).toBe(1);
    expect(proxy.err).toMatch(/^Error from server \(BadRequest\): container "kube-proxy" in pod "kube-proxy-[a-z0-9]{5}" is waiting to start: ContainerCreating\n$/);
    expect(c.run('kubectl logs -n shop nope')).toMatchObject({ err: 'error: error from server (NotFound): pods "nope" not found in namespace "shop"\n', exit: 1 });
  });

  it('-f follows several pods, up to --max-log-requests streams', () => {
    const { c, a, b, logsOf } = webPods();
    expect(c.run('kubectl logs -n shop -l app=web -f --max-log-requests 1')).toMatchObject({
      out: '', err: 'error: you are attempting to follow 2 log streams, but maximum allowed concurrency is 1, use --max-log-requests to increase the limit\n', exit: 1,
    });
    // Nothing new is written: each stream's last line, then -f gives up after its cap.
    const r = c.run('kubectl logs -n shop -l app=web -f --prefix --tail=1');
    expect(r).toMatchObject({ out: `[pod/${a}/web] ${logsOf(a).at(-1)}\n[pod/${b}/web] ${logsOf(b).at(-1)}\n`, err: '', exit: 0 });
  });
});
