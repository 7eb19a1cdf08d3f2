// Parses the ROUTE part of `ip route add|del|replace` (also used for routes in world
// files), with iproute2's error messages.
import { parseIp, parseCidr } from './ip.js';
import type { Route } from '../world/types.js';

export type RouteSpecResult = { ok: true; route: Route; table?: string } | { ok: false; message: string; exit: number };

const TYPES = new Set(['unicast', 'blackhole', 'unreachable', 'prohibit']);
const NEED_VALUE = new Set(['via', 'dev', 'metric', 'src', 'proto', 'table', 'scope', 'mtu', 'preference', 'priority']);

function fail(message: string, exit = 2): RouteSpecResult {
  return { ok: false, message, exit };
}

export function parseRouteSpec(args: string[]): RouteSpecResult {
  const route: Partial<Route> = {};
  let table: string | undefined;
  let dstSeen = false;
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    const value = args[i + 1];
    if (value === undefined && NEED_VALUE.has(word)) return fail('Error: argument "' + word + '" is wrong: missing value', 255);
    switch (word) {
      case 'via': {
        if (route.via !== undefined) return fail('Error: argument "via" is wrong: use nexthop syntax to specify multiple via\n', 255);
        const ip = parseIp(value);
        if (ip === null) return fail(`Error: inet address is expected rather than "${value}".`, 1);
        route.via = ip;
        i++;
        break;
      }
      case 'dev':
        route.dev = value;
        i++;
        break;
      case 'metric':
      case 'preference':
      case 'priority':
        if (!/^\d+$/.test(value)) return fail(`Error: argument "${value}" is wrong: "metric" value is invalid\n`, 255);
        route.metric = Number(value);
        i++;
        break;
      case 'src': {
        const ip = parseIp(value);
        if (ip === null) return fail(`Error: inet address is expected rather than "${value}".`, 1);
        route.src = ip;
        i++;
        break;
      }
      case 'proto':
        if (!['static', 'boot', 'kernel', 'dhcp'].includes(value)) return fail(`Error: argument "${value}" is wrong: "protocol" value is invalid\n`, 255);
        route.proto = value as Route['proto'];
        i++;
        break;
      case 'table':
        table = value;
        i++;
        break;
      case 'scope':
      case 'mtu':
        i++;
        break;
      case 'onlink':
        break;
      default: {
        if (TYPES.has(word) && !dstSeen) {
          route.type = word as Route['type'];
          break;
        }
        if (dstSeen) return fail(`Error: either "to" is duplicate, or "${word}" is a garbage.`, 255);
        const target = word === 'to' ? value : word;
        if (word === 'to') i++;
        if (target === undefined) return fail('Error: argument "to" is wrong: missing value', 255);
        if (target === 'default' || target === '0/0' || target === 'all') {
          route.dst = 0;
          route.prefix = 0;
        } else {
          const c = parseCidr(target);
          if (!c) return fail(`Error: any valid prefix is expected rather than "${target}".`, 1);
          if ((c.ip & (c.prefix === 0 ? 0 : (0xffffffff << (32 - c.prefix)) >>> 0)) >>> 0 !== c.ip)
            return fail('Error: Invalid prefix for given prefix length.', 2);
          route.dst = c.ip;
          route.prefix = c.prefix;
        }
        dstSeen = true;
      }
    }
  }
  if (!dstSeen) return fail('', 0);
  return { ok: true, route: route as Route, table };
}

