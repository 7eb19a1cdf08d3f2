import { describe, expect, it } from 'vitest';
import { stagesOf, touches } from '../../server/game/detect.js';

const route = { host: 'rtr', programs: ['ip', 'route', 'netstat'] };
const none = () => undefined;

describe('time to detect: which commands look at a faulty object', () => {
  it('splits a line into the programs it runs, through pipes, lists, sudo and ssh', () => {
    expect(stagesOf('sudo ip route | grep default && ssh -p 22 admin@rtr iptables -S').map((s) => [s.program, s.remote])).toEqual([
      ['ip', undefined], ['grep', undefined], ['ssh', undefined], ['iptables', 'rtr'],
    ]);
  });

  it('counts a program run on the faulty host, in the shell there or through ssh', () => {
    expect(touches(route, 'ip route', ['rtr'], none)).toBe(true);
    expect(touches(route, 'ip route', ['ws1'], none)).toBe(false);
    expect(touches(route, 'ssh rtr.office.lan ip route', ['ws1'], none)).toBe(true);
    expect(touches(route, 'ssh 10.10.10.1 ip r', ['ws1'], (ip) => (ip === '10.10.10.1' ? 'rtr' : undefined))).toBe(true);
    expect(touches(route, 'ping -c1 rtr', ['ws1', 'rtr'], none)).toBe(false);
  });

  it('can require a word on the line', () => {
    const sg = { host: '*', programs: ['aws'], words: ['describe-security-groups', 'sg-0abc'] };
    expect(touches(sg, 'aws ec2 describe-security-groups', ['bastion'], none)).toBe(true);
    expect(touches(sg, 'aws ec2 describe-route-tables', ['bastion'], none)).toBe(false);
  });
});
