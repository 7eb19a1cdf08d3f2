// Jobs run their pods to completion (STATUS Complete, COMPLETIONS 1/1, pods Completed with
// their logs kept); a failing Job retries with the pod failure back-off until backoffLimit;
// a CronJob creates a Job at each scheduled minute, and `create job --from=cronjob/` runs it now.
import { describe, expect, it } from 'vitest';
import { cluster, row } from './cluster.js';

const REPORT = (yaml: string) => yaml.replace('  images:\n', `  images:
    registry.corp.internal/tools/report:
      tags:
        "1.0": {}
        "1.1": { exit: { after: 2, code: 1, logs: ["error: cannot connect to warehouse"] } }
      size: 12000000
      memory: 20Mi
      cpu: 50m
      logs: ["generating report"]
      exit: { after: 5, code: 0, logs: ["report written to s3://reports/daily.csv"] }
`);
const IMAGE = 'registry.corp.internal/tools/report';

describe('a Job', () => {
  it('runs to completion: Complete, 1/1, the pod Completed with its logs', () => {
    const c = cluster(REPORT);
    expect(c.run(`kubectl -n shop create job report --image=${IMAGE}:1.0`).out).toBe('job.batch/report created\n');
    c.wait(3);
    expect(c.run('kubectl -n shop get jobs').out).toBe('NAME     STATUS    COMPLETIONS   DURATION   AGE\nreport   Running   0/1           2s         3s\n');
    const pod = c.pod('shop', 'report-');
    expect(row(c.run('kubectl -n shop get pods').out, pod)).toEqual([pod, '1/1', 'Running', '0', '2s']);
    c.wait(10);
    expect(c.run('kubectl -n shop get jobs').out).toBe('NAME     STATUS     COMPLETIONS   DURATION   AGE\nreport   Complete   1/1           7s         13s\n');
    expect(row(c.run('kubectl -n shop get pods').out, pod)).toEqual([pod, '0/1', 'Completed', '0', '12s']);
    expect(c.run('kubectl -n shop logs job/report').out).toBe('generating report\nreport written to s3://reports/daily.csv\n');
    expect(c.run('kubectl -n shop get job report -o jsonpath={.status.conditions[*].type}').out).toBe('SuccessCriteriaMet Complete');
    const d = c.run('kubectl -n shop describe job report').out;
    expect(d).toMatch(/^Name:             report\nNamespace:        shop\nSelector:         batch\.kubernetes\.io\/controller-uid=[0-9a-f-]{36}\nLabels:           batch\.kubernetes\.io\/controller-uid=[0-9a-f-]{36}\n                  batch\.kubernetes\.io\/job-name=report\n/);
    expect(d).toContain('Start Time:       Mon, 23 Nov 2026 09:00:01 +0000\nCompleted At:     Mon, 23 Nov 2026 09:00:08 +0000\nDuration:         7s\nPods Statuses:    0 Active (0 Ready) / 1 Succeeded / 0 Failed\n');
    expect(d).toContain(`  Normal  SuccessfulCreate  12s   job-controller  Created pod: ${pod}\n  Normal  Completed         5s    job-controller  Job completed\n`);
    expect(c.run('kubectl -n shop get job report -o jsonpath={.spec.selector.matchLabels}').out).toMatch(/^\{"batch\.kubernetes\.io\/controller-uid":"[0-9a-f-]{36}"\}$/);
    const events = c.run('kubectl -n shop get events --field-selector involvedObject.kind=Job -o jsonpath={.items[*].message}').out;
    expect(events).toBe(`Created pod: ${pod} Job completed`);
  });

  it('retries a failing pod with back-off, then fails past backoffLimit', () => {
    const c = cluster(REPORT);
    c.run(`kubectl -n shop create job bad --image=${IMAGE}:1.1`);
    c.wait(60);
    const get = c.run('kubectl -n shop get pods').out.split('\n').filter((l) => l.startsWith('bad-'));
    // At 0 s, then 10 s and 20 s after each failure (the pod runs 2 s, the controller acts a second later).
    expect(get.length).toBe(3);
    expect(get.every((l) => /0\/1 +Error +0 /.test(l))).toBe(true);
    expect(c.run(`kubectl -n shop logs ${get[0].split(' ')[0]}`).out).toBe('generating report\nerror: cannot connect to warehouse\n');
    c.wait(700);
    expect(c.run('kubectl -n shop get jobs bad').out).toMatch(/^NAME   STATUS   COMPLETIONS   DURATION   AGE\nbad    Failed   0\/1 {11}\S+ +\S+\n$/);
    expect(c.run('kubectl -n shop get job bad -o jsonpath={.status.failed}/{.status.conditions[1].reason}:{.status.conditions[1].message}').out).toBe('7/BackoffLimitExceeded:Job has reached the specified backoff limit');
  });
});

describe('a CronJob', () => {
  it('creates a Job at each scheduled minute and keeps the last three', () => {
    const c = cluster(REPORT);
    expect(c.run(`kubectl -n shop create cronjob nightly --image=${IMAGE}:1.0 --schedule='*/5 * * * *'`).out).toBe('cronjob.batch/nightly created\n');
    expect(c.run('kubectl -n shop get cronjobs').out).toBe('NAME      SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE\nnightly   */5 * * * *   <none>     False     0        <none>          0s\n');
    // The world clock starts at 09:00:00; the first run is at 09:05.
    c.wait(302);
    expect(c.run('kubectl -n shop get cronjobs').out).toBe('NAME      SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE\nnightly   */5 * * * *   <none>     False     1        2s              5m2s\n');
    const minute = Math.floor((Date.UTC(2026, 10, 23, 9, 5)) / 60_000);
    expect(row(c.run('kubectl -n shop get jobs').out, `nightly-${minute}`)).toEqual([`nightly-${minute}`, 'Running', '0/1', '2s', '2s']);
    c.wait(10);
    expect(c.run('kubectl -n shop get cronjob nightly -o jsonpath={.status.lastSuccessfulTime}').out).toBe('2026-11-23T09:05:07Z');
    const d = c.run('kubectl -n shop describe cronjob nightly').out;
    expect(d).toContain('Schedule:                      */5 * * * *\nConcurrency Policy:            Allow\nSuspend:                       False\nSuccessful Job History Limit:  3\nFailed Job History Limit:      1\n');
    expect(d).toContain('Last Schedule Time:  Mon, 23 Nov 2026 09:05:00 +0000\nActive Jobs:         <none>\n');
    c.wait(20 * 60);
    const jobs = c.run('kubectl -n shop get jobs -o name').out;
    expect(jobs).toBe([10, 15, 20].map((m) => `job.batch/nightly-${minute + m}\n`).join(''));
    const events = c.run(`kubectl -n shop get events --field-selector involvedObject.name=nightly -o 'jsonpath={range .items[*]}{.reason}: {.message}{"\\n"}{end}'`).out;
    expect(events).toContain(`SuccessfulCreate: Created job nightly-${minute}\n`);
    expect(events).toContain(`SawCompletedJob: Saw completed job: nightly-${minute}, condition: Complete\n`);
    expect(events).toContain(`SuccessfulDelete: Deleted job nightly-${minute}\n`);
  });

  it('runs by hand with create job --from=cronjob/', () => {
    const c = cluster(REPORT);
    c.run(`kubectl -n shop create cronjob nightly --image=${IMAGE}:1.0 --schedule='0 2 * * *'`);
    expect(c.run('kubectl -n shop create job manual-run --from=cronjob/nightly').out).toBe('job.batch/manual-run created\n');
    expect(c.run('kubectl -n shop get job manual-run -o jsonpath={.metadata.annotations}').out).toBe('{"cronjob.kubernetes.io/instantiate":"manual"}');
    c.wait(10);
    expect(row(c.run('kubectl -n shop get jobs').out, 'manual-run')).toEqual(['manual-run', 'Complete', '1/1', '7s', '10s']);
    expect(c.run('kubectl -n shop create job x --from=cronjob/nope').err).toBe('Error from server (NotFound): cronjobs.batch "nope" not found\n');
  });
});
