// The VerticalPodAutoscaler add-on as its deploy/ manifests install it (v1.2.1): the CRD,
// the recommender, updater and admission controller Deployments in kube-system (with their
// service accounts, the webhook's TLS secret and Service), and their images, baked into
// the node image like the other system images (imagePullPolicy left at IfNotPresent).
import type { ImageSpec } from '../world/spec.js';

export const VPA_VERSION = '1.2.1';

const klog = (file: string, msg: string) => `I1123 09:00:01.000000       1 ${file}] ${msg}`;

const component = (memory: string, port: number, logs: string[]): ImageSpec => ({
  tags: [VPA_VERSION], preloaded: true, size: 21_000_000, listen: [port], memory, cpu: '2m', logs,
});

export const VPA_IMAGES: Record<string, ImageSpec> = {
  'registry.k8s.io/autoscaling/vpa-recommender': component('28Mi', 8942, [klog('main.go:124', `Vertical Pod Autoscaler ${VPA_VERSION} Recommender: default`), klog('main.go:229', 'Using Metrics Server.')]),
  'registry.k8s.io/autoscaling/vpa-updater': component('19Mi', 8943, [klog('main.go:95', `Vertical Pod Autoscaler ${VPA_VERSION} Updater`)]),
  'registry.k8s.io/autoscaling/vpa-admission-controller': { ...component('16Mi', 8944, [klog('main.go:87', `Vertical Pod Autoscaler ${VPA_VERSION} Admission Controller`)]), listen: [8000, 8944] },
};

function deployment(name: string, container: string, limits: string, requests: string, port: number, extra = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: kube-system}
spec:
  replicas: 1
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      serviceAccountName: ${name}
      securityContext: {runAsNonRoot: true, runAsUser: 65534}
      containers:
      - name: ${container}
        image: registry.k8s.io/autoscaling/${name}:${VPA_VERSION}
        resources: {limits: {${limits}}, requests: {${requests}}}
        ports: [${port === 8944 ? '{containerPort: 8000}, ' : ''}{name: prometheus, containerPort: ${port}}]${extra}
`;
}

const NAMESPACE_ENV = `
        env:
        - name: NAMESPACE
          valueFrom: {fieldRef: {fieldPath: metadata.namespace}}`;

/** The add-on's kube-system objects (the CRD itself is `Cluster.crds`). */
export function vpaManifests(): string {
  const sa = (name: string) => `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: ${name}, namespace: kube-system}\n`;
  return [
    sa('vpa-recommender'),
    sa('vpa-updater'),
    sa('vpa-admission-controller'),
    `apiVersion: v1
kind: Secret
metadata: {name: vpa-tls-certs, namespace: kube-system}
type: Opaque
data: {caCert.pem: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==, serverCert.pem: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==, serverKey.pem: LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCg==}
`,
    deployment('vpa-recommender', 'recommender', 'cpu: 200m, memory: 1000Mi', 'cpu: 50m, memory: 500Mi', 8942),
    deployment('vpa-updater', 'updater', 'cpu: 200m, memory: 1000Mi', 'cpu: 50m, memory: 500Mi', 8943, NAMESPACE_ENV),
    deployment('vpa-admission-controller', 'admission-controller', 'cpu: 200m, memory: 500Mi', 'cpu: 50m, memory: 200Mi', 8944, `${NAMESPACE_ENV}
        args: ["--v=4", "--stderrthreshold=info", "--reload-cert"]
        volumeMounts: [{name: tls-certs, mountPath: /etc/tls-certs, readOnly: true}]
      volumes:
      - {name: tls-certs, secret: {secretName: vpa-tls-certs}}`),
    `apiVersion: v1
kind: Service
metadata: {name: vpa-webhook, namespace: kube-system}
spec:
  ports: [{port: 443, targetPort: 8000}]
  selector: {app: vpa-admission-controller}
`,
  ].join('---\n');
}
