// The mark match and the MARK target (what kube-proxy's masquerade rules use), and
// MASQUERADE --random-fully: parsed as iptables 1.8.9 does, kept as the kernel keeps them
// (every MARK form is an xset), printed by -S/iptables-save and -L as libxt_mark/libxt_MARK do.
import { describe, expect, it } from 'vitest';
import { shell } from '../../helpers/run.js';

describe('iptables mark and MARK', () => {
  it('keeps every MARK form as --set-xmark and lists it by its simplest name', () => {
    const { run } = shell();
    run('iptables -t nat -N MM');
    for (const r of ['-j MARK --or-mark 0x4000', '-j MARK --xor-mark 0x4000', '-j MARK --set-mark 5', '-j MARK --and-mark 0xff', '-j MARK --set-xmark 0x10/0x30', '-m mark ! --mark 0x4000/0x4000 -j RETURN', '-m mark --mark 7']) {
      expect(run(`iptables -t nat -A MM ${r}`).exit).toBe(0);
    }
    expect(run('iptables -t nat -A POSTROUTING -j MASQUERADE --random-fully').exit).toBe(0);
    expect(run('iptables -t nat -S MM').out).toBe([
      '-N MM',
      '-A MM -j MARK --set-xmark 0x4000/0x4000',
      '-A MM -j MARK --set-xmark 0x4000/0x0',
      '-A MM -j MARK --set-xmark 0x5/0xffffffff',
      '-A MM -j MARK --set-xmark 0x0/0xffffff00',
      '-A MM -j MARK --set-xmark 0x10/0x30',
      '-A MM -m mark ! --mark 0x4000/0x4000 -j RETURN',
      '-A MM -m mark --mark 0x7',
      '',
    ].join('\n'));
    expect(run('iptables -t nat -S POSTROUTING').out).toBe('-P POSTROUTING ACCEPT\n-A POSTROUTING -j MASQUERADE --random-fully\n');
    const list = run('iptables -t nat -L MM -n').out.split('\n').slice(2).map((l) => l.replace(/ {2,}/g, ' | '));
    expect(list).toEqual([
      'MARK | 0 | -- | 0.0.0.0/0 | 0.0.0.0/0 | MARK or 0x4000',
      'MARK | 0 | -- | 0.0.0.0/0 | 0.0.0.0/0 | MARK xor 0x4000',
      'MARK | 0 | -- | 0.0.0.0/0 | 0.0.0.0/0 | MARK set 0x5',
      'MARK | 0 | -- | 0.0.0.0/0 | 0.0.0.0/0 | MARK and 0xff',
      'MARK | 0 | -- | 0.0.0.0/0 | 0.0.0.0/0 | MARK xset 0x10/0x30',
      'RETURN | 0 | -- | 0.0.0.0/0 | 0.0.0.0/0 | mark match ! 0x4000/0x4000',
      ' | 0 | -- | 0.0.0.0/0 | 0.0.0.0/0 | mark match 0x7',
      '',
    ]);
    // What iptables-save writes, iptables-restore reads back unchanged.
    const saved = run('iptables-save -t nat').out;
    expect(run(`iptables-restore <<'EOF'\n${saved}EOF`).exit).toBe(0);
    expect(run('iptables-save -t nat').out.replace(/^#.*\n/gm, '')).toBe(saved.replace(/^#.*\n/gm, ''));
  });

  it('rejects what iptables rejects, changing nothing', () => {
    const { run } = shell();
    run('iptables -t nat -N MM');
    const TRY = "Try `iptables -h' or 'iptables --help' for more information.\n";
    expect(run('iptables -t nat -A MM -j MARK')).toMatchObject({ exit: 2, err: `iptables v1.8.9 (nf_tables): MARK: One of the --set-xmark, --{and,or,xor,set}-mark options is required\n${TRY}` });
    expect(run('iptables -t nat -A MM -j MARK --or-mark zz')).toMatchObject({ exit: 2, err: `iptables v1.8.9 (nf_tables): MARK: bad value for option "--or-mark", or out of range (0-4294967295).\n\n${TRY}` });
    expect(run('iptables -t nat -A MM -j MARK --set-xmark 0x1/zz')).toMatchObject({ exit: 2, err: `iptables v1.8.9 (nf_tables): Bad MARK value "0x1/zz"\n${TRY}` });
    expect(run('iptables -t nat -A MM -m mark -j ACCEPT')).toMatchObject({ exit: 2, err: `iptables v1.8.9 (nf_tables): mark: option "--mark" must be specified\n\n${TRY}` });
    expect(run('iptables -t nat -S MM').out).toBe('-N MM\n');
  });
});
