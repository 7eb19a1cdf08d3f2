import { describe, expect, test } from 'vitest';
import { appendLine, appendText, clearScreen, closeLine, emptyScrollback, MAX_LINES } from '../../../client/terminal/scrollback.js';

const texts = (sb: { lines: readonly { text: string }[] }) => sb.lines.map((l) => l.text);

describe('scrollback', () => {
  test('output arriving in pieces joins into lines; a partial line stays open', () => {
    let sb = appendText(emptyScrollback, 'PING db1 (10.0.2.10) 56(84) bytes', 'out');
    sb = appendText(sb, ' of data.\n64 bytes from 10.0.2.10: icmp_seq=1', 'out');
    expect(texts(sb)).toEqual(['PING db1 (10.0.2.10) 56(84) bytes of data.', '64 bytes from 10.0.2.10: icmp_seq=1']);
    expect(sb.open).toBe(true);
    sb = appendText(sb, ' ttl=63\n', 'out');
    expect(texts(sb)).toEqual(['PING db1 (10.0.2.10) 56(84) bytes of data.', '64 bytes from 10.0.2.10: icmp_seq=1 ttl=63']);
    expect(sb.open).toBe(false);
  });

  test('blank lines are kept, stderr lines are marked', () => {
    const sb = appendText(appendText(emptyScrollback, 'a\n\nb\n', 'out'), 'ping: unknown host\n', 'err');
    expect(texts(sb)).toEqual(['a', '', 'b', 'ping: unknown host']);
    expect(sb.lines[3].kind).toBe('err');
  });

  test('tabs expand to 8-column stops, from where the line already is', () => {
    const sb = appendText(appendText(emptyScrollback, '127.0.0.1', 'out'), '\tlocalhost\n', 'out');
    expect(texts(sb)).toEqual(['127.0.0.1       localhost']);
  });

  test('a carriage return rewrites the line; colour escapes are dropped', () => {
    const sb = appendText(emptyScrollback, 'progress 10%\rprogress 99%\n\x1b[31mred\x1b[0m\n', 'out');
    expect(texts(sb)).toEqual(['progress 99%', 'red']);
  });

  test('`clear` (ESC[H ESC[2J ESC[3J) starts a clean screen; older lines stay above', () => {
    let sb = appendText(emptyScrollback, 'old\n', 'out');
    sb = appendText(sb, '\x1b[H\x1b[2J\x1b[3Jnew\n', 'out');
    expect(texts(sb)).toEqual(['old', 'new']);
    expect(sb.top).toBe(1);
    expect(clearScreen(sb).top).toBe(2);
  });

  test('a command echo closes an open line', () => {
    let sb = appendText(emptyScrollback, 'no newline at the end', 'out');
    sb = appendLine(closeLine(sb), { text: 'root@ws1:~# ip a', kind: 'cmd', prompt: 12 });
    expect(texts(sb)).toEqual(['no newline at the end', 'root@ws1:~# ip a']);
  });

  test(`bounded to ${MAX_LINES} lines: the oldest go, the screen top follows`, () => {
    let sb = appendText(emptyScrollback, Array.from({ length: MAX_LINES }, (_, i) => `line ${i}`).join('\n') + '\n', 'out');
    sb = clearScreen(sb);
    sb = appendText(sb, 'one more\ntwo more\n', 'out');
    expect(sb.lines.length).toBe(MAX_LINES);
    expect(sb.lines[0].text).toBe('line 2');
    expect(sb.lines[sb.top].text).toBe('one more');
  });
});
