// Log lines carry the simulated time they were written: `kubectl logs --timestamps` prefixes
// the kubelet's RFC3339NanoFixed time (lines of the same ms 1 ns apart), `--since` and
// `--since-time` drop older lines (the kubelet takes the last --tail lines first), and bad
// values get kubectl's own errors. `crictl logs -t / --since` read the same lines on the node.
import { describe, expect, it } from 'vitest';
import { EPOCH_MS } from '../../../server/sim/clock.js';
import { appendPodLog } from '../../../server/sim/k8s/cluster-dns.js';
import { runtimeOf, type ContainerRuntime, type PodRuntime } from '../../../server/sim/k8s/runtime.js';
import { cluster } from '../../sim/k8s/behaviour/cluster.js';

/** `2026-11-23T09:00:05.000000001Z` for world time `at` plus `ns`, written independently of the code under test. */
const stamp = (at: number, ns = 0) => new Date(EPOCH_MS + at).toISOString().replace(/\.(\d{3})Z$/, (_, ms: string) => `.${ms}${String(ns).padStart(6, '0')}Z`);

function webPod() {
  const c = cluster();
  const name = c.pod('shop', 'web-');
  const p = Object.values(runtimeOf(c.world)!.pods).find((x) => x.name === name)!;
  const container = () => p.containers[0];
  /** A line the app writes now (what CoreDNS's query log does, through the same writer). */
  const write = (text: string) => appendPodLog(c.world, p.host, text);
  return { c, name, p, container, write };
}

const ERRORS = {
  since: (v: string, why: string) => `Error: invalid argument "${v}" for "--since" flag: time: ${why}\nSee 'kubectl logs --help' for usage.\n`,
};

describe('kubectl logs --timestamps', () => {
  it('prefixes each startup line with the time it was written, lines of the same ms 1 ns apart', () => {
    const { c, name, container } = webPod();
    const start = container().startedAt!;
    const texts = container().logs.map((l) => l.text);
    expect(texts.length).toBe(3);
    const r = c.run(`kubectl logs -n shop ${name} --timestamps`);
    expect(r).toMatchObject({ out: texts.map((t, i) => `${stamp(start, i)} ${t}\n`).join(''), err: '', exit: 0 });
    expect(r.out.split('\n')[0]).toMatch(/^2026-11-23T\d\d:\d\d:\d\d\.\d{9}Z \/docker-entrypoint\.sh: Configuration complete; ready for start up$/);
    expect(c.run(`kubectl logs -n shop ${name} --timestamps=false`).out).toBe(texts.map((t) => `${t}\n`).join(''));
  });

  it('gives a line written later (a CoreDNS-style query log) its own time', () => {
    const { c, name, write } = webPod();
    c.wait(95);
    const at = c.world.now;
    write('[ERROR] plugin/errors: 2 db.corp.internal. A: read udp 10.244.1.3:40000->10.0.0.53:53: i/o timeout');
    write('second line, same ms');
    expect(c.run(`kubectl logs -n shop ${name} --timestamps --tail=2`).out).toBe(
      `${stamp(at)} [ERROR] plugin/errors: 2 db.corp.internal. A: read udp 10.244.1.3:40000->10.0.0.53:53: i/o timeout\n${stamp(at, 1)} second line, same ms\n`,
    );
  });

  it('stamps a crash\'s exit lines with its exit time (--previous), and -f prints them as they come', () => {
    const c = cluster();
    expect(c.run('kubectl -n shop set image deploy/api api=registry.corp.internal/shop/api:2.5.0').exit).toBe(0);
    c.wait(2);
    const p = Object.values(runtimeOf(c.world)!.pods).find((x: PodRuntime) => x.name.startsWith('api-') && x.containers[0].phase === 'running' && x.containers[0].exitAt !== undefined)!;
    const cont: ContainerRuntime = p.containers[0];
    const start = cont.startedAt!;
    // Following: the two startup lines, then the exit lines 4 s later, when the stream ends.
    const f = c.run(`kubectl logs -n shop ${p.name} -f --timestamps`);
    const out = f.out.split('\n').slice(0, -1);
    expect(out.slice(0, 2)).toEqual([
      `${stamp(start)} {"level":"info","msg":"connecting to database","url":"postgres://shop@db.corp.internal:5432/shop"}`,
      `${stamp(start, 1)} {"level":"info","msg":"listening","addr":":8080"}`,
    ]);
    expect(out.slice(2)).toEqual([
      `${stamp(start + 4000)} panic: runtime error: invalid memory address or nil pointer dereference`,
      `${stamp(start + 4000, 1)} [signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x6b2d4f]`,
      `${stamp(start + 4000, 2)} `,
      `${stamp(start + 4000, 3)} goroutine 1 [running]:`,
      `${stamp(start + 4000, 4)} main.(*Server).routes(0x0)`,
      `${stamp(start + 4000, 5)} \t/src/cmd/api/server.go:88 +0x4f`,
      `${stamp(start + 4000, 6)} main.main()`,
      `${stamp(start + 4000, 7)} \t/src/cmd/api/main.go:41 +0x1c5`,
    ]);
    expect(f.exit).toBe(0);
    c.wait(2);
    expect(c.run(`kubectl logs -n shop ${p.name} --previous --timestamps --tail=1`).out).toBe(`${stamp(start + 4000, 7)} \t/src/cmd/api/main.go:41 +0x1c5\n`);
    // --since=2s, asked 2 s after the exit: only the exit lines (a line at the cut-off is kept).
    const previous = cont.previous!;
    c.world.now = previous.finishedAt + 2000;
    expect(c.run(`kubectl logs -n shop ${p.name} --previous --since=2s`).out.split('\n')[0]).toBe('panic: runtime error: invalid memory address or nil pointer dereference');
  });

  it('--limit-bytes counts the timestamps', () => {
    const { c, name, container } = webPod();
    const first = `${stamp(container().startedAt!)} /docker-entrypoint.sh`;
    expect(c.run(`kubectl logs -n shop ${name} --timestamps --limit-bytes=${first.length}`).out).toBe(first);
  });
});

describe('kubectl logs --since and --since-time', () => {
  function twoMinutes() {
    const w = webPod();
    const startup = w.container().logs.map((l) => l.text);
    w.c.wait(120);
    const at = w.c.world.now;
    w.write('GET /orders 200');
    w.c.wait(30);
    w.write('GET /orders 502');
    return { ...w, startup, at };
  }

  it('--since=1m shows only the lines of the last minute; 0s and sub-second values show all', () => {
    const { c, name, startup } = twoMinutes();
    expect(c.run(`kubectl logs -n shop ${name} --since=1m`)).toMatchObject({ out: 'GET /orders 200\nGET /orders 502\n', err: '', exit: 0 });
    expect(c.run(`kubectl logs -n shop ${name} --since=20s`).out).toBe('GET /orders 502\n');
    expect(c.run(`kubectl logs -n shop ${name} --since=3h`).out).toBe([...startup, 'GET /orders 200', 'GET /orders 502'].map((l) => `${l}\n`).join(''));
    // Rounded to whole seconds; 0 is not sent, so nothing is filtered.
    for (const v of ['0s', '0', '1ms', '499ms']) expect(c.run(`kubectl logs -n shop ${name} --since=${v}`).out.split('\n').length).toBe(startup.length + 3);
  });

  it('--since with --tail: the kubelet takes the last lines, then drops the old ones', () => {
    const { c, name, startup } = twoMinutes();
    expect(c.run(`kubectl logs -n shop ${name} --since=1m --tail=1`).out).toBe('GET /orders 502\n');
    expect(c.run(`kubectl logs -n shop ${name} --since=1m --tail=4`).out).toBe('GET /orders 200\nGET /orders 502\n');
    expect(c.run(`kubectl logs -n shop ${name} --since=3h --tail=3`).out).toBe(`${startup[2]}\nGET /orders 200\nGET /orders 502\n`);
  });

  it('--since-time keeps lines from that second on (its fraction is not sent)', () => {
    const { c, name, at } = twoMinutes();
    const second = new Date(EPOCH_MS + at).toISOString().slice(0, 19);
    expect(c.run(`kubectl logs -n shop ${name} --since-time=${second}.999999Z`).out).toBe('GET /orders 200\nGET /orders 502\n');
    expect(c.run(`kubectl logs -n shop ${name} --since-time=${second}Z --timestamps --tail=1`).out).toBe(`${stamp(at + 30_000)} GET /orders 502\n`);
    // The same instant in another zone.
    const hour = Number(second.slice(11, 13));
    const plusOne = `${second.slice(0, 11)}${String(hour + 1).padStart(2, '0')}${second.slice(13)}+01:00`;
    expect(c.run(`kubectl logs -n shop ${name} --since-time=${plusOne}`).out).toBe('GET /orders 200\nGET /orders 502\n');
    expect(c.run(`kubectl logs -n shop ${name} --since-time=2030-01-01T00:00:00Z`)).toMatchObject({ out: '', err: '', exit: 0 });
  });

  it('bad values get kubectl\'s errors and print nothing else', () => {
    const { c, name } = twoMinutes();
    const cases: [string, string][] = [
      ['--since=abc', ERRORS.since('abc', 'invalid duration "abc"')],
      ['--since=5', ERRORS.since('5', 'missing unit in duration "5"')],
      ['--since=1d', ERRORS.since('1d', 'unknown unit "d" in duration "1d"')],
      ['--since=', ERRORS.since('', 'invalid duration ""')],
      ['--since=-5s', 'error: --since must be greater than 0\n'],
      ['--since-time=abc', 'error: parsing time "abc" as "2006-01-02T15:04:05Z07:00": cannot parse "abc" as "2006"\n'],
      ['--since-time=2026-11-23', 'error: parsing time "2026-11-23" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "T"\n'],
      ['--since-time=2026-11-23T09:00:00', 'error: parsing time "2026-11-23T09:00:00" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "Z07:00"\n'],
      ['--since-time=2026-11-23T09:00:00+0100', 'error: parsing time "2026-11-23T09:00:00+0100" as "2006-01-02T15:04:05Z07:00": cannot parse "+0100" as "Z07:00"\n'],
      ['--since-time=2026-13-01T00:00:00Z', 'error: parsing time "2026-13-01T00:00:00Z": month out of range\n'],
      ['--since-time=2026-02-30T00:00:00Z', 'error: parsing time "2026-02-30T00:00:00Z": day out of range\n'],
      ['--since-time=2026-11-23T09:00:00Zx', 'error: parsing time "2026-11-23T09:00:00Zx": extra text: "x"\n'],
      ['--since=5m --since-time=2026-11-23T09:00:00Z', 'error: at most one of `sinceTime` or `sinceSeconds` may be specified\n'],
    ];
    for (const [flags, err] of cases) expect([flags, c.run(`kubectl logs -n shop ${name} ${flags}`)]).toEqual([flags, expect.objectContaining({ out: '', err, exit: 1 })]);
    // --since-time is parsed before kubectl looks the pod up.
    expect(c.run('kubectl logs -n shop nope --since-time=abc').err).toMatch(/^error: parsing time "abc"/);
    expect(c.run('kubectl logs -n shop nope --since=-5s').err).toBe('error: error from server (NotFound): pods "nope" not found in namespace "shop"\n');
  });
});

describe('crictl logs -t / --since on the node', () => {
  function onNode() {
    const base = cluster();
    const pod = base.pod('shop', 'web-');
    const node = base.world.cluster!.objects.Pod![`shop/${pod}`].spec.nodeName!;
    const c = cluster((y) => y, node);
    const p = Object.values(runtimeOf(c.world)!.pods).find((x) => x.name === pod)!;
    return { c, p, id: p.containers[0].id! };
  }

  it('prints the timestamps and drops lines before --since (a duration or a time)', () => {
    const { c, p, id } = onNode();
    const start = p.containers[0].startedAt!;
    const texts = p.containers[0].logs.map((l) => l.text);
    expect(c.run(`crictl logs -t ${id.slice(0, 13)}`)).toMatchObject({ out: texts.map((t, i) => `${stamp(start, i)} ${t}\n`).join(''), err: '', exit: 0 });
    expect(c.run(`crictl logs --timestamps --tail=1 ${id}`).out).toBe(`${stamp(start, 2)} ${texts[2]}\n`);
    c.wait(120);
    const at = c.world.now;
    appendPodLog(c.world, p.host, 'GET /orders 502');
    expect(c.run(`crictl logs --since=1m ${id}`).out).toBe('GET /orders 502\n');
    expect(c.run(`crictl logs --since=${new Date(EPOCH_MS + at).toISOString()} ${id}`).out).toBe('GET /orders 502\n');
    expect(c.run(`crictl logs --since=${Math.floor((EPOCH_MS + at) / 1000)} ${id}`).out).toBe('GET /orders 502\n');
    expect(c.run(`crictl logs --since=2026-11-23 ${id}`).out.split('\n').length).toBe(texts.length + 2);
    expect(c.run(`crictl logs -t --limit-bytes=10 ${id}`).out).toBe(stamp(start).slice(0, 10));
  });

  it('a --since it cannot read is a fatal error', () => {
    const { c, id } = onNode();
    expect(c.run(`crictl logs --since=abc ${id}`)).toMatchObject({ out: '', err: 'FATA[0000] failed to parse value as time or duration: "abc"\n', exit: 1 });
    expect(c.run(`crictl logs --since=2026-11-23T25:00:00Z ${id}`)).toMatchObject({ out: '', err: 'FATA[0000] parsing time "2026-11-23T25:00:00Z": hour out of range\n', exit: 1 });
  });

  it('a --tail or --limit-bytes that is not a number is a fatal error', () => {
    const { c, id } = onNode();
    expect(c.run(`crictl logs --tail=abc ${id}`)).toMatchObject({ out: '', err: 'FATA[0000] invalid value "abc" for flag -tail: parse error\n', exit: 1 });
    expect(c.run(`crictl logs --limit-bytes 1k ${id}`)).toMatchObject({ out: '', err: 'FATA[0000] invalid value "1k" for flag -limit-bytes: parse error\n', exit: 1 });
  });
});
