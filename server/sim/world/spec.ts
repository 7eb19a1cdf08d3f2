// The world file format (YAML), as authors write it. build.ts turns it into a World.
// Documented in the README ("World files").

export interface WorldSpec {
  /** Default DNS settings for every host's /etc/resolv.conf. */
  dns?: { nameservers?: string[]; search?: string[] };
  subnets?: Record<string, SubnetSpec>;
  securityGroups?: Record<string, { name?: string; ingress?: string[] }>;
  hosts?: Record<string, HostSpec>;
  /** A Kubernetes cluster on some of the hosts (see ClusterSpec). */
  cluster?: ClusterSpec;
}

export interface SubnetSpec {
  cidr: string;
  vlan?: number;
  /** L2 fabric (switch domain); subnets on different fabrics never share a VLAN. */
  fabric?: string;
  vpc?: string;
}

export interface HostSpec {
  kind?: 'vm' | 'physical' | 'router' | 'external' | 'appliance';
  /** Physical host a VM runs on. */
  on?: string;
  cpus?: number;
  memory?: string | number;
  disk?: { size?: string | number; used?: string | number };
  login?: boolean;
  /** net.ipv4.ip_forward=1 */
  forwarding?: boolean;
  sysctl?: Record<string, string | number>;
  nics?: NicSpec[];
  /** `ip route` syntax, e.g. "default via 10.0.1.1" or "10.0.20.0/24 via 10.0.2.10 metric 100". */
  routes?: string[];
  /** Policy routing: "iif eth1 table 100" or "from 10.0.1.0/24 table 100", with "priority N". */
  rules?: string[];
  tables?: Record<string, string[]>;
  /** iptables-save text. */
  iptables?: string;
  resolv?: { nameservers?: string[]; search?: string[] };
  /** Extra /etc/hosts lines. */
  hosts?: string[];
  files?: Record<string, string>;
  /** CNs of the CAs the system store trusts (default: the public CAs). */
  trustedCas?: string[];
  services?: ServiceSpec[];
  /** Libvirt-style networks on a physical host: name -> a NAT or host-only bridge. */
  networks?: Record<string, { bridge: string; cidr: string; mode: 'nat' | 'hostonly' }>;
}

export interface NicSpec {
  name: string;
  type?: 'ether' | 'bridge' | 'vlan';
  subnet?: string;
  /** Address; "10.0.1.10" takes the subnet's prefix, "10.0.1.10/24" is explicit. Several allowed. */
  ip?: string | string[];
  mac?: string;
  mtu?: number;
  up?: boolean;
  carrier?: boolean;
  /** Switch fabric the port is on (defaults to the subnet's); a name of its own makes a point-to-point link. */
  fabric?: string;
  /** Switch access VLAN (defaults to the subnet's). */
  vlan?: number;
  /** Trunk port allowing these VLANs (for sub-interfaces like eth0.10). */
  trunk?: number[];
  /** VM NIC: the bridge or libvirt network of the physical host it is plugged into. */
  network?: string;
  /** VLAN-aware host bridge: the VM tap's pvid / tagged VLANs. */
  pvid?: number;
  tagged?: number[];
  /** VLAN sub-interface: parent device and VLAN id. */
  parent?: string;
  id?: number;
  /** Bridge: enslaved devices of this host, and vlan_filtering. */
  ports?: string[];
  vlanFiltering?: boolean;
  securityGroups?: string[];
}

export interface ServiceSpec {
  unit: string;
  description?: string;
  process?: string;
  user?: string;
  /** "tcp 0.0.0.0:8080", "udp 10.0.3.53:53", "tcp 127.0.0.1:5432" */
  listen?: string[];
  state?: 'active' | 'inactive' | 'failed';
  enabled?: boolean;
  /** Starting the unit fails with this message in the journal. */
  failsWith?: string;
  http?: { server?: string; routes?: Record<string, { status?: number; body?: string; type?: string }> };
  proxy?: { server?: string; connectTimeout?: number; routes: { host?: string; prefix: string; backends: string[] }[] };
  dns?: { zones?: { origin: string; ttl?: number; records?: string[]; auto?: boolean }[]; forwarders?: string[] };
  tcp?: 'open' | 'close' | 'reset' | 'hang';
  ssh?: boolean;
  journal?: string[];
  /** An EnvironmentFile holding `BIND=ADDR:PORT`, read at every start (written from `listen` when the host has no such file). */
  bindFile?: string;
  /** Its TCP sockets speak TLS with this certificate. */
  tls?: TlsSpec;
}

/** A server certificate: self-signed unless `issuer` (a CA's CN) is given. */
export interface TlsSpec {
  cn: string;
  /** `DNS:name` / `IP Address:addr` entries, or plain names and addresses (default: the CN). */
  sans?: string[];
  issuer?: string;
  /** Subject organisation. */
  o?: string;
  /** Start of validity: `-30d` or RFC 3339 (default -30d), and its length in days (default 365). */
  notBefore?: string;
  days?: number;
  /** ALPN protocols, e.g. [h2, http/1.1] (default http/1.1). */
  alpn?: ('h2' | 'http/1.1')[];
  /** TLS 1.3 suite the server picks (default TLS_AES_256_GCM_SHA384, OpenSSL's; Go picks TLS_AES_128_GCM_SHA256). */
  cipher?: string;
}

/**
 * A Kubernetes cluster whose nodes are hosts of the world: the control-plane hosts run
 * etcd, kube-apiserver, kube-scheduler and kube-controller-manager as systemd units; every
 * node runs containerd, kubelet and kube-proxy. Node i (control plane first, then workers)
 * gets the i-th /24 of the pod CIDR; nodes route each other's pod /24 (flannel host-gw).
 */
export interface ClusterSpec {
  controlPlane: string[];
  workers?: string[];
  /** Server version of every component (default v1.32.4). */
  version?: string;
  /** When the cluster was set up: `-41d` or RFC 3339 (default -41d). */
  created?: string;
  /** Pod network (default 10.244.0.0/16). */
  podCidr?: string;
  /** Service network (default 10.96.0.0/12); the `kubernetes` Service takes its first address. */
  serviceCidr?: string;
  /** CoreDNS Service address (default 10.96.0.10). */
  dnsServiceIp?: string;
  /** Extra node labels by node name. */
  nodeLabels?: Record<string, Record<string, string>>;
  /** Image registries by name (as image references spell them): the host serving it. */
  registries?: Record<string, { host: string; port?: number }>;
  /** What images contain, by repository (`registry.corp.internal/shop/api`, `nginx`). */
  images?: Record<string, ImageSpec>;
  /** Manifests applied at build time: multi-document YAML, or manifests by any label. */
  manifests?: string | Record<string, unknown>;
  /** Optional add-ons installed with the cluster: `vpa` (the VerticalPodAutoscaler CRD and its three components). */
  addons?: 'vpa'[];
}

/** A repository of an image registry: its tags and what a container of it does. */
export interface ImageSpec extends ImageBehaviour {
  /** Tags the registry holds, each optionally overriding the repository's behaviour. */
  tags: string[] | Record<string, ImageBehaviour | null>;
  /** Pulling needs credentials (an imagePullSecret for the registry). */
  private?: boolean;
  /** Every node has its tags already (images baked into the node image). */
  preloaded?: boolean;
}

/** The simulated process of a container. */
export interface ImageBehaviour {
  /** Compressed size in bytes. */
  size?: number;
  /** Sockets it listens on: `8080`, `tcp 8080`, `udp 53`. */
  listen?: (number | string)[];
  /** HTTP answers on its TCP sockets (like a host service's `http:`). */
  http?: { server?: string; routes?: Record<string, { status?: number; body?: string; type?: string }> };
  /** `cluster`: CoreDNS (answers cluster.local from Services, forwards the rest to the node's nameservers). */
  dns?: 'cluster';
  /** Memory working set (`48Mi`); above the container's limit it is OOM-killed. */
  memory?: string;
  /** CPU use (`5m`) of one container. */
  cpu?: string;
  /** CPU demand shared by all ready pods of the same owner (drives an HPA). */
  load?: string;
  /** Seconds from start until it listens. */
  startSeconds?: number;
  /** Lines it logs when it starts (`{env.NAME}` is replaced by that variable, `{time:2006/01/02 15:04:05}` by the time it writes the line, in that Go layout). */
  logs?: string[];
  /** It exits on its own: after `after` seconds with `code`, logging `logs`. */
  exit?: { after?: number; code?: number; logs?: string[] };
  /** Environment variables it needs: missing, it logs these lines and exits 1 at once. */
  requireEnv?: Record<string, string[]>;
}
