// The structure of a world file (spec.ts) as a zod schema, so that a typo in a key
// (`nic:` for `nics:`) is an error with a line instead of a silently ignored field.
// Values are checked by the world builder; this only checks shapes and key names.
import { z } from 'zod';
import type { HostSpec, NicSpec, ServiceSpec, SubnetSpec, WorldSpec } from '../../sim/world/spec.js';

const str = z.string();
const num = z.number();
const strOrNum = z.union([z.string(), z.number()]);
const strList = z.array(z.string());

const nic = z.strictObject({
  name: str,
  type: z.enum(['ether', 'bridge', 'vlan']).optional(),
  subnet: str.optional(),
  ip: z.union([str, strList]).optional(),
  mac: str.optional(),
  mtu: num.optional(),
  up: z.boolean().optional(),
  carrier: z.boolean().optional(),
  fabric: str.optional(),
  vlan: num.optional(),
  trunk: z.array(num).optional(),
  network: str.optional(),
  pvid: num.optional(),
  tagged: z.array(num).optional(),
  parent: str.optional(),
  id: num.optional(),
  ports: strList.optional(),
  vlanFiltering: z.boolean().optional(),
  securityGroups: strList.optional(),
});

const service = z.strictObject({
  unit: str,
  description: str.optional(),
  process: str.optional(),
  user: str.optional(),
  listen: strList.optional(),
  state: z.enum(['active', 'inactive', 'failed']).optional(),
  enabled: z.boolean().optional(),
  failsWith: str.optional(),
  http: z.strictObject({
    server: str.optional(),
    routes: z.record(str, z.strictObject({ status: num.optional(), body: str.optional(), type: str.optional() })).optional(),
  }).optional(),
  proxy: z.strictObject({
    server: str.optional(),
    connectTimeout: num.optional(),
    routes: z.array(z.strictObject({ host: str.optional(), prefix: str, backends: strList })),
  }).optional(),
  dns: z.strictObject({
    zones: z.array(z.strictObject({ origin: str, ttl: num.optional(), records: strList.optional(), auto: z.boolean().optional() })).optional(),
    forwarders: strList.optional(),
  }).optional(),
  tcp: z.enum(['open', 'close', 'reset', 'hang']).optional(),
  ssh: z.boolean().optional(),
  journal: strList.optional(),
  bindFile: str.optional(),
  tls: z.strictObject({
    cn: str, sans: strList.optional(), issuer: str.optional(), o: str.optional(), notBefore: str.optional(), days: num.optional(),
    alpn: z.array(z.enum(['h2', 'http/1.1'])).optional(), cipher: str.optional(),
  }).optional(),
});

const resolv = z.strictObject({ nameservers: strList.optional(), search: strList.optional() });

const host = z.strictObject({
  kind: z.enum(['vm', 'physical', 'router', 'external', 'appliance']).optional(),
  on: str.optional(),
  cpus: num.optional(),
  memory: strOrNum.optional(),
  disk: z.strictObject({ size: strOrNum.optional(), used: strOrNum.optional() }).optional(),
  login: z.boolean().optional(),
  forwarding: z.boolean().optional(),
  sysctl: z.record(str, strOrNum).optional(),
  nics: z.array(nic).optional(),
  routes: strList.optional(),
  rules: strList.optional(),
  tables: z.record(str, strList).optional(),
  iptables: str.optional(),
  resolv: resolv.optional(),
  hosts: strList.optional(),
  files: z.record(str, str).optional(),
  trustedCas: strList.optional(),
  services: z.array(service).optional(),
  networks: z.record(str, z.strictObject({ bridge: str, cidr: str, mode: z.enum(['nat', 'hostonly']) })).optional(),
});

const httpApp = z.strictObject({
  server: str.optional(),
  routes: z.record(str, z.strictObject({ status: num.optional(), body: str.optional(), type: str.optional() })).optional(),
});

const imageBehaviour = {
  size: num.optional(),
  listen: z.array(strOrNum).optional(),
  http: httpApp.optional(),
  dns: z.literal('cluster').optional(),
  memory: str.optional(),
  cpu: str.optional(),
  load: str.optional(),
  startSeconds: num.optional(),
  logs: strList.optional(),
  exit: z.strictObject({ after: num.optional(), code: num.optional(), logs: strList.optional() }).optional(),
  requireEnv: z.record(str, strList).optional(),
};

const cluster = z.strictObject({
  controlPlane: strList,
  workers: strList.optional(),
  version: str.optional(),
  created: str.optional(),
  podCidr: str.optional(),
  serviceCidr: str.optional(),
  dnsServiceIp: str.optional(),
  nodeLabels: z.record(str, z.record(str, str)).optional(),
  registries: z.record(str, z.strictObject({ host: str, port: num.optional() })).optional(),
  images: z.record(str, z.strictObject({
    ...imageBehaviour,
    tags: z.union([strList, z.record(str, z.strictObject(imageBehaviour).nullable())]),
    private: z.boolean().optional(),
    preloaded: z.boolean().optional(),
  })).optional(),
  manifests: z.union([str, z.record(str, z.unknown())]).optional(),
  addons: z.array(z.enum(['vpa'])).optional(),
});

export const worldSpecSchema = z.strictObject({
  dns: resolv.optional(),
  subnets: z.record(str, z.strictObject({ cidr: str, vlan: num.optional(), fabric: str.optional(), vpc: str.optional() })).optional(),
  securityGroups: z.record(str, z.strictObject({ name: str.optional(), ingress: strList.optional() })).optional(),
  hosts: z.record(str, host).optional(),
  cluster: cluster.optional(),
});

/** Fields of a spec the schema does not know. */
type Gaps<Spec, Schema> = Exclude<keyof Spec, keyof Schema>;

/**
 * Compile-time check that the schema names every field of spec.ts: when a field is added
 * there, tsc fails here until it is added above (else lint would call it unknown).
 */
export const schemaCoversSpec: [
  Gaps<WorldSpec, z.infer<typeof worldSpecSchema>>, Gaps<HostSpec, z.infer<typeof host>>, Gaps<NicSpec, z.infer<typeof nic>>,
  Gaps<ServiceSpec, z.infer<typeof service>>, Gaps<SubnetSpec, NonNullable<z.infer<typeof worldSpecSchema>['subnets']>[string]>,
] extends [never, never, never, never, never] ? true : never = true;
