// The after-action report: scrollable, wrapped to the width, exportable to Markdown.
import { Box, Text } from 'ink';
import { frameRows, listRows, type Size } from '../../app/layout.js';
import type { AppState } from '../../app/state.js';
import { reportRows, reportWidth } from './rows.js';

export function ReportScreen({ s, size }: { s: AppState; size: Size }) {
  const r = s.report!;
  const lines = reportRows(r.text, reportWidth(size));
  const rows = listRows(size);
  const ended = s.room?.view.ended;
  const verdict = r.won === undefined ? '' : r.won ? ' · your team won' : ' · the other team won';
  return (
    <Box flexDirection="column" paddingX={1} height={frameRows(size) - 1}>
      <Text bold wrap="truncate">
        <Text color="cyan">Game over</Text>
        {` · score ${r.score}${verdict}${ended ? ` · ${ended}` : ''}`}
      </Text>
      <Text color="gray" wrap="truncate">
        {`lines ${r.scroll + 1}-${Math.min(lines.length, r.scroll + rows)} of ${lines.length}${r.exported ? ` · exported to ${r.exported}` : ''}`}
      </Text>
      <Box flexDirection="column" marginTop={1} height={rows}>
        {lines.slice(r.scroll, r.scroll + rows).map((l, i) => (
          <Text key={i} wrap="truncate" bold={l.heading}>
            {l.text || ' '}
          </Text>
        ))}
      </Box>
    </Box>
  );
}
