// A Docker Engine's state on one host: containers, images and networks, as much as
// `docker ps`, `images`, `logs`, `network ls|inspect` and `inspect` show. Times are
// simulated ms (world.now), ids are 64 hex digits (ps and images show the first 12).

export interface DockerState {
  containers: DockerContainer[];
  images: DockerImage[];
  /** bridge (docker0, 172.17.0.0/16), host and none always exist; user-defined bridges follow. */
  networks: DockerNetwork[];
}

export interface DockerPort {
  containerPort: number;
  proto: 'tcp' | 'udp';
  /** Published on the host (absent: exposed only). */
  hostPort?: number;
  hostIp?: string;
}

export interface DockerEndpoint {
  ip: string;
  mac: string;
  endpointId: string;
  aliases?: string[];
}

export interface DockerContainer {
  id: string;
  name: string;
  image: string;
  imageId: string;
  /** Command and arguments as the image/run set them (`nginx -g 'daemon off;'`). */
  command: string;
  created: number;
  state: 'created' | 'running' | 'paused' | 'restarting' | 'exited' | 'dead';
  startedAt?: number;
  finishedAt?: number;
  exitCode?: number;
  restartCount?: number;
  /** Docker health check state, when the image defines one. */
  health?: 'starting' | 'healthy' | 'unhealthy';
  ports: DockerPort[];
  /** Endpoints by network name. */
  networks: Record<string, DockerEndpoint>;
  labels?: Record<string, string>;
  env?: string[];
  restartPolicy?: string;
  logs: DockerLogLine[];
}

export interface DockerLogLine {
  at: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface DockerImage {
  id: string;
  repoTags: string[];
  created: number;
  size: number;
}

export interface DockerNetwork {
  id: string;
  name: string;
  driver: 'bridge' | 'host' | 'null';
  created: number;
  subnet?: string;
  gateway?: string;
  internal?: boolean;
  /** Linux bridge device (docker0, br-<id12>). */
  bridge?: string;
}
