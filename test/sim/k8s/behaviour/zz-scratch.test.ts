import { it } from 'vitest';
import { cluster } from '/work/main/test/sim/k8s/behaviour/cluster.js';
const DB = `apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db}
spec:
  replicas: 1
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
      - name: db
        image: registry.corp.internal/shop/web:1.4.2
        volumeMounts: [{name: data, mountPath: /var/lib/data}]
      volumes:
      - name: data
        persistentVolumeClaim: {claimName: data}
`;
it('x', () => {
  const c = cluster();
  c.world.hosts.cp1.files['/root/db.yaml'] = DB;
  const show = (l: string) => { const r = c.run(l); console.log(`$ ${l}\n${r.out}${r.err}[${r.exit}]`); };
  show('kubectl -n shop apply -f /root/db.yaml');
  c.wait(8);
  for (const l of (process.env.CMDS ?? '').split(';;')) { if (l.startsWith('wait ')) c.wait(Number(l.slice(5))); else if (l) show(l); }
});
