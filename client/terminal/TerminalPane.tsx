// The shell pane: the visible window of the scrollback and, below the last output, the
// prompt and the line being typed (or the reverse-search line). Draws only `height` rows.
import { Box, Text } from 'ink';
import { memo } from 'react';
import type { TermState } from '../app/state.js';
import { searchResult } from './history.js';
import type { Line } from './scrollback.js';
import { visibleRows, wrapLine, type Row } from './viewport.js';

interface Props {
  term: TermState;
  width: number;
  height: number;
  /** Keys go to this pane (the cursor is drawn). */
  focused: boolean;
}

/** The line under the output: what the player is typing, with a cell for the cursor. */
function inputLine(t: TermState): { line: Line; cursor: number } {
  if (t.search) {
    const found = searchResult(t.history, t.search);
    const label = `(${t.search.failed ? 'failed ' : ''}reverse-i-search)\`${t.search.query}': `;
    return { line: { text: label + found + ' ', kind: 'info', prompt: 0 }, cursor: label.length + found.length };
  }
  if (t.running) {
    // Type-ahead: lines queued behind the running command, then the one being typed.
    const queued = t.queue.map((q) => q + '⏎').join('');
    return { line: { text: queued + t.editor.text + ' ', kind: 'out', prompt: 0 }, cursor: queued.length + t.editor.cursor };
  }
  return { line: { text: t.prompt + t.editor.text + ' ', kind: 'cmd', prompt: t.prompt.length }, cursor: t.prompt.length + t.editor.cursor };
}

function Prompt({ text }: { text: string }) {
  // user@host:path$ → user@host in green, the path in blue, as a colour prompt shows them.
  const m = /^([^@\s]+@[^:\s]+)(:[^#$]*)(.*)$/.exec(text);
  if (!m) return <Text color="green">{text}</Text>;
  return (
    <>
      <Text color="green" bold>
        {m[1]}
      </Text>
      <Text color="blue" bold>
        {m[2]}
      </Text>
      <Text>{m[3]}</Text>
    </>
  );
}

function RowText({ row, cursorAt }: { row: Row; cursorAt?: number }) {
  const color = row.kind === 'warn' ? 'yellow' : row.kind === 'info' ? 'gray' : undefined;
  const prompt = row.prompt > 0 ? row.text.slice(0, row.prompt) : '';
  const rest = row.text.slice(prompt.length);
  if (cursorAt === undefined) {
    // An empty Text takes no row in Ink: a blank line is a space.
    return (
      <Text wrap="truncate">
        {prompt && <Prompt text={prompt} />}
        <Text color={color}>{rest || (prompt ? '' : ' ')}</Text>
      </Text>
    );
  }
  const at = cursorAt - prompt.length;
  return (
    <Text wrap="truncate">
      {prompt && <Prompt text={prompt} />}
      <Text color={color}>{rest.slice(0, at)}</Text>
      <Text inverse>{rest[at] ?? ' '}</Text>
      <Text color={color}>{rest.slice(at + 1)}</Text>
    </Text>
  );
}

function TerminalPaneImpl({ term, width, height, focused }: Props) {
  const w = Math.max(1, width);
  if (term.scroll > 0) {
    const win = visibleRows(term.sb.lines, 0, [], w, height - 1, term.scroll);
    return (
      <Box flexDirection="column" width={width} height={height}>
        {win.rows.map((r, i) => (
          <RowText key={i} row={r} />
        ))}
        <Box flexGrow={1} />
        <Text color="black" backgroundColor="yellow" wrap="truncate">
          {` ${win.below} more line(s) below · PgDn to follow · typing jumps back `.slice(0, w)}
        </Text>
      </Box>
    );
  }
  const input = inputLine(term);
  const win = visibleRows(term.sb.lines, term.sb.top, [input.line], w, height, 0);
  const inputRows = wrapLine(input.line, w).length;
  const firstInput = win.rows.length - inputRows;
  const cursorRow = firstInput + Math.floor(input.cursor / w);
  return (
    <Box flexDirection="column" width={width} height={height}>
      {win.rows.map((r, i) => (
        <RowText key={i} row={r} cursorAt={focused && i === cursorRow ? input.cursor % w : undefined} />
      ))}
    </Box>
  );
}

export const TerminalPane = memo(TerminalPaneImpl);
