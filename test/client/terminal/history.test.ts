import { describe, expect, test } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { historyOf, newer, older, remember, searchAgain, searchBackspace, searchResult, searchType, startSearch, emptyHistory } from '../../../client/terminal/history.js';
import { historyStore } from '../../../client/terminal/history-file.js';

describe('history', () => {
  test('↑/↓ walk the entries and come back to the line being typed', () => {
    const h = historyOf(['ip a', 'ip route']);
    const up1 = older(h, 'ping d')!;
    expect(up1.text).toBe('ip route');
    const up2 = older(up1.history, up1.text)!;
    expect(up2.text).toBe('ip a');
    expect(older(up2.history, up2.text)).toBeUndefined();
    const down1 = newer(up2.history)!;
    expect(down1.text).toBe('ip route');
    expect(newer(down1.history)!.text).toBe('ping d');
  });

  test('like bash ignoreboth: no blanks, no leading space, no repeat of the last', () => {
    let h = remember(emptyHistory, 'ip a');
    for (const l of ['ip a', '   ', ' secret', 'ip r']) h = remember(h, l);
    expect(h.entries).toEqual(['ip a', 'ip r']);
  });

  test('Ctrl-R finds the newest match, again finds older ones, a miss says failed', () => {
    const h = historyOf(['ping db1', 'ip route', 'ping web1', 'ss -tlnp']);
    let s = searchType(h, startSearch('typed'), 'pi');
    expect(searchResult(h, s)).toBe('ping web1');
    s = searchAgain(h, s);
    expect(searchResult(h, s)).toBe('ping db1');
    s = searchAgain(h, s);
    expect(s.failed).toBe(true);
    expect(searchResult(h, s)).toBe('ping db1');
    s = searchType(h, s, 'x');
    expect(s.failed).toBe(true);
    s = searchBackspace(h, s);
    expect(searchResult(h, s)).toBe('ping web1');
    expect(searchResult(h, startSearch('typed'))).toBe('typed');
  });

  test('persisted per scenario, survives a restart, a bad directory is harmless', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'opsdrill-hist-')), 'history');
    const store = historyStore(dir);
    store.save('ws-cannot-reach-shop', ['ip a', 'ip route']);
    store.save('other', ['kubectl get pods']);
    expect(historyStore(dir).load('ws-cannot-reach-shop')).toEqual(['ip a', 'ip route']);
    expect(historyStore(dir).load('never-played')).toEqual([]);
    // A directory that cannot be made (its parent is a file).
    const file = join(dir, 'ws-cannot-reach-shop');
    expect(() => historyStore(join(file, 'sub')).save('x', ['a'])).not.toThrow();
    expect(historyStore(join(file, 'sub')).load('x')).toEqual([]);
  });
});
