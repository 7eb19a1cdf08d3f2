// Any fix that would work in real life works here, not only the reference one; a plausible
// fix that would not work does not. These fixes are not in the scenario files.
import { describe, expect, it } from 'vitest';
import { play } from '../../server/game/solve.js';
import { scenario, seedFor } from './catalogue.js';

function outcome(id: string, type: string, host: string | undefined, steps: string[]) {
  const s = scenario(id);
  const { game, failures } = play(s, seedFor(s, type, host), steps);
  const objectives = game.objectives();
  return {
    failures,
    green: objectives.filter((o) => o.kind === 'objective').every((o) => o.ok),
    guards: objectives.filter((o) => o.kind === 'guard').every((o) => o.ok),
    collateral: game.finish().collateral.map((c) => `${c.kind}: ${c.what}`),
  };
}

describe('alternative real-world fixes turn the objectives green', () => {
  it('ws-cannot-reach-shop, wrong gateway: delete the default route and add one on the device', () => {
    const r = outcome('ws-cannot-reach-shop', 'wrong-default-gateway', 'ws1', ['ip route del default', 'ip route add default via 10.10.10.1 dev eth0 metric 100']);
    expect(r).toEqual({ failures: [], green: true, guards: true, collateral: [] });
  });

  it('db-connection-timeouts, DROP on the router: insert an ACCEPT above it', () => {
    const r = outcome('db-connection-timeouts', 'iptables-drop', 'rtr', ['ssh rtr', 'iptables -I FORWARD 1 -i eth0.20 -o eth0.30 -p tcp --dport 5432 -j ACCEPT', 'exit']);
    expect(r).toEqual({ failures: [], green: true, guards: true, collateral: [] });
  });

  it('db-connection-timeouts, db1 with a wrong gateway: a host route back to each API server', () => {
    const r = outcome('db-connection-timeouts', 'wrong-default-gateway', 'db1', [
      'ssh rtr', 'ssh db1', 'ip route add 10.10.20.21 via 10.10.30.1', 'ip route add 10.10.20.22 via 10.10.30.1', 'exit', 'exit',
    ]);
    expect(r.failures).toEqual([]);
    expect(r.green).toBe(true);
  });

  it('shop-api-502, bound to loopback: a quoted bind setting and a stop/start', () => {
    const r = outcome('shop-api-502', 'service-loopback-only', 'api1', ['ssh api1', `printf 'BIND="0.0.0.0:8080"\\n' > /etc/default/shop-api`, 'systemctl stop shop-api', 'systemctl start shop-api', 'exit']);
    expect(r).toEqual({ failures: [], green: true, guards: true, collateral: [] });
  });

  it('monitoring-blind-to-db, missing return route: a host route for mon1 only', () => {
    const r = outcome('monitoring-blind-to-db', 'missing-return-route', 'db1', ['ssh 10.10.40.1', 'ssh 10.10.30.10', 'ip route add 10.10.40.10/32 via 10.10.30.2', 'exit', 'exit']);
    expect(r.failures).toEqual([]);
    expect(r.green).toBe(true);
  });

  it('vpc-site-down, security group: allow HTTP from the probe network only', () => {
    const r = outcome('vpc-site-down', 'security-group-missing-port', undefined, [
      'aws ec2 authorize-security-group-ingress --group-id sg-0c2b3d4e5f6a70819 --protocol tcp --port 80 --cidr 198.51.100.0/24',
    ]);
    expect(r).toEqual({ failures: [], green: true, guards: true, collateral: [] });
  });

  it('vpc-app-no-egress, route to the internet gateway: fixed from the app instance is impossible, from the bastion it works', () => {
    const fix = 'aws ec2 replace-route --route-table-id rtb-0b2e4d6f8a1c3e5a7 --destination-cidr-block 0.0.0.0/0 --nat-gateway-id nat-0c4d5e6f7a8b9c0d1';
    const fromApp = outcome('vpc-app-no-egress', 'route-table-wrong-target', 'vpc-router', ['ssh app', fix, 'exit']);
    expect(fromApp.green).toBe(false);
    expect(fromApp.failures[0]).toBe(`\`${fix}\` exited 255: Could not connect to the endpoint URL: "https://ec2.us-east-1.amazonaws.com/"`);
    expect(outcome('vpc-app-no-egress', 'route-table-wrong-target', 'vpc-router', [fix]).green).toBe(true);
  });
});

describe('plausible wrong fixes leave them red', () => {
  it('ws-cannot-reach-shop, link down: bringing eth0 up without its routes', () => {
    expect(outcome('ws-cannot-reach-shop', 'nic-down', 'ws1', ['ip link set eth0 up']).green).toBe(false);
  });

  it('db-connection-timeouts, DROP on the router: an ACCEPT appended after it', () => {
    const r = outcome('db-connection-timeouts', 'iptables-drop', 'rtr', ['ssh rtr', 'iptables -A FORWARD -p tcp --dport 5432 -j ACCEPT', 'exit']);
    expect(r.green).toBe(false);
  });

  it('shop-api-502, bound to loopback: restarting nginx on the gateway', () => {
    expect(outcome('shop-api-502', 'service-loopback-only', 'api1', ['ssh gw', 'systemctl restart nginx', 'exit']).green).toBe(false);
  });

  it('vpc-site-down, host firewall: opening the security group to everything does nothing for a host DROP, and costs a guard', () => {
    const r = outcome('vpc-site-down', 'iptables-drop', 'web', ['aws ec2 authorize-security-group-ingress --group-id sg-0c2b3d4e5f6a70819 --protocol -1 --cidr 0.0.0.0/0']);
    expect(r.green).toBe(false);
    expect(r.guards).toBe(false);
  });

  it('vpc-app-no-egress: a default route on the instance itself changes nothing', () => {
    expect(outcome('vpc-app-no-egress', 'nat-gateway-route-missing', 'vpc-router', ['ssh app', 'ip route replace default via 10.0.2.1', 'exit']).green).toBe(false);
  });
});

describe('fixes with collateral damage are caught', () => {
  it('flushing the router firewall fixes the database but opens it to the users VLAN', () => {
    const r = outcome('db-connection-timeouts', 'iptables-drop', 'rtr', ['ssh rtr', 'iptables -F FORWARD', 'iptables -P FORWARD ACCEPT', 'exit']);
    expect(r.green).toBe(true);
    expect(r.guards).toBe(false);
    expect(r.collateral).toContain('broke: db-closed-to-users');
    expect(r.collateral.filter((c) => c.startsWith('flow:')).length).toBeGreaterThan(0);
  });
});
