import { describe, expect, it } from 'vitest';
import { DESCRIBE_TABWRITER, GET_TABWRITER, TabWriter, tabLine, tabwrite } from '../../../server/shell/commands/kubectl-tabwriter.js';

describe("Go's text/tabwriter as kubectl uses it", () => {
  it('pads columns to the widest cell plus padding, at least minwidth', () => {
    expect(tabwrite('NAME\tAGE\nweb-1\t3d2h\n', GET_TABWRITER)).toBe('NAME    AGE\nweb-1   3d2h\n');
    expect(tabwrite('A\tB\tC\n', GET_TABWRITER)).toBe('A     B     C\n');
  });

  it('does not pad the text after the last tab and keeps trailing padding before an empty last cell', () => {
    expect(tabwrite('a\t\nbbb\tx\n', DESCRIBE_TABWRITER)).toBe('a    \nbbb  x\n');
  });

  it('starts new column blocks after a line without tabs', () => {
    const text = 'Name:\tweb\nLong Label:\tx\nContainers:\n  c:\ty\n';
    expect(tabwrite(text, DESCRIBE_TABWRITER)).toBe('Name:        web\nLong Label:  x\nContainers:\n  c:  y\n');
  });

  it('aligns a column only across consecutive lines that have it', () => {
    const text = 'a\tb\tc\naaaa\tb\nx\tyyyyy\tz\n';
    expect(tabwrite(text, DESCRIBE_TABWRITER)).toBe('a     b  c\naaaa  b\nx     yyyyy  z\n');
  });

  it('counts runes, not bytes or display columns', () => {
    expect(tabwrite('日本\tx\nab\ty\n', DESCRIBE_TABWRITER)).toBe('日本  x\nab  y\n');
    expect(tabwrite('😀x\tb\nab\tc\n', DESCRIBE_TABWRITER)).toBe('😀x  b\nab  c\n');
  });

  it('writes lines given as cells like their tab-joined text, also when the same lines come again', () => {
    const lines = [['NAME', 'AGE'], ['web-1', '3d2h'], ['web-22', '5m']].map((cells) => tabLine(cells, true));
    for (let i = 0; i < 2; i++) {
      const w = new TabWriter(GET_TABWRITER);
      for (const l of lines) w.writeLine(l);
      expect(w.flush()).toBe('NAME     AGE\nweb-1    3d2h\nweb-22   5m\n');
    }
    const narrow = new TabWriter(GET_TABWRITER);
    narrow.writeLine(lines[1]);
    narrow.writeRow(['db', '1m']);
    expect(narrow.flush()).toBe('web-1   3d2h\ndb      1m\n');
  });

  it('keeps a line written as cells after text already on the line', () => {
    const w = new TabWriter(DESCRIBE_TABWRITER);
    w.write('a\t');
    w.writeRow(['b', 'c']);
    w.write('dd\te\n');
    expect(w.flush()).toBe(tabwrite('a\tb\tc\ndd\te\n', DESCRIBE_TABWRITER));
  });
});
