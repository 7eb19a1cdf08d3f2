// The command registry: every family's commands, by name. Add a family with one spread.
import type { CommandSpec } from '../types.js';
import { bridgeCommands } from './bridge.js';
import { builtinCommands } from './builtins.js';
import { filterCommands } from './filters.js';
import { ipCommands } from './ip.js';
import { iptablesCommands } from './iptables.js';
import { socketCommands } from './sockets.js';
import { sysctlCommands } from './sysctl.js';
import { systemdCommands } from './systemd.js';
import { kubectlCommands } from './kubectl.js';
import { sedCommands } from './sed.js';
import { dockerCommands } from './docker.js';
import { pingCommands } from './ping.js';
import { tracerouteCommands } from './traceroute.js';
import { ncCommands } from './nc.js';
import { sshCommands } from './ssh.js';
import { diskCommands } from './disk.js';
import { awsCommands } from './aws.js';
import { dnsCommands } from './dns.js';
import { curlCommands } from './curl.js';
import { crictlCommands } from './crictl.js';
import { timingCommands } from './timing.js';
import { base64Commands } from './base64.js';
import { jobCommands } from './jobs.js';

export const commands: Record<string, CommandSpec> = { ...builtinCommands, ...filterCommands, ...ipCommands, ...bridgeCommands, ...iptablesCommands, ...sysctlCommands, ...socketCommands, ...systemdCommands, ...kubectlCommands, ...pingCommands, ...tracerouteCommands, ...ncCommands, ...sshCommands, ...diskCommands, ...awsCommands, ...dnsCommands, ...curlCommands, ...sedCommands, ...dockerCommands, ...crictlCommands, ...timingCommands, ...base64Commands, ...jobCommands };
