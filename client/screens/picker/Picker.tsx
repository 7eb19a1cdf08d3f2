// The scenario picker: every scenario with its difficulty, layers, par time and your best
// score, filtered as you type; for a team room, the mode is chosen here too.
import { Box, Text } from 'ink';
import { frameCols, listRows, frameRows, type Size } from '../../app/layout.js';
import { filteredScenarios, type AppState } from '../../app/state.js';
import { clock } from '../../panels/items.js';

export const MODE_HELP: Record<string, string> = {
  solo: 'play alone',
  team: 'team drill: one shared world, a team feed and chat',
  incident: 'scored incident: timed (twice par), a fresh root cause every time',
  versus: 'versus: two teams, identical worlds, first to green wins',
  gm: 'game master: you watch the true state and inject faults live',
};

const DIFFICULTY_COLOR: Record<string, string> = { beginner: 'green', intermediate: 'yellow', advanced: 'red', expert: 'magenta' };

export function PickerScreen({ s, size }: { s: AppState; size: Size }) {
  const p = s.picker;
  const cols = frameCols(size) - 2;
  const list = filteredScenarios(s.scenarios, p.filter);
  const rows = listRows(size) - 1;
  const top = Math.max(0, Math.min(p.index - Math.floor(rows / 2), list.length - rows));
  const w = { diff: 13, layers: Math.min(24, Math.max(10, Math.floor(cols * 0.22))), par: 7, best: 6 };
  const titleW = Math.max(12, cols - 2 - w.diff - w.layers - w.par - w.best - 4);
  const cell = (t: string, n: number) => (t.length > n ? t.slice(0, n - 1) + '…' : t.padEnd(n));
  return (
    <Box flexDirection="column" paddingX={1} height={frameRows(size) - 1}>
      <Text bold wrap="truncate">
        {p.purpose === 'solo' ? 'Solo challenge — pick a scenario' : 'Create a team room — pick a scenario'}
      </Text>
      {p.purpose === 'room' ? (
        <Text wrap="truncate">
          Mode: <Text color="cyan">‹ {p.mode} ›</Text>
          <Text color="gray">{` ←/→ · ${MODE_HELP[p.mode]}`}</Text>
        </Text>
      ) : (
        <Text color="gray" wrap="truncate">
          {MODE_HELP.solo}: the clock starts when you pick.
        </Text>
      )}
      <Text wrap="truncate">
        Filter: {p.filter}
        <Text inverse> </Text>
        <Text color="gray">{`   ${list.length} of ${s.scenarios?.length ?? 0} · type to filter by title, difficulty or layer`}</Text>
      </Text>
      <Text bold color="gray" wrap="truncate">
        {`  ${cell('TITLE', titleW)} ${cell('DIFFICULTY', w.diff)} ${cell('LAYERS', w.layers)} ${cell('PAR', w.par)} ${'BEST'}`}
      </Text>
      {!s.scenarios && <Text color="gray">Loading the catalogue…</Text>}
      {s.scenarios && !list.length && <Text color="yellow">No scenario matches “{p.filter}”.</Text>}
      {list.slice(top, top + rows).map((sc, i) => {
        const on = top + i === p.index;
        return (
          <Text key={sc.id} wrap="truncate">
            <Text color={on ? 'cyan' : undefined} bold={on}>{`${on ? '›' : ' '} ${cell(sc.title, titleW)} `}</Text>
            <Text color={DIFFICULTY_COLOR[sc.difficulty]}>{cell(sc.difficulty, w.diff)} </Text>
            <Text color="gray">{cell(sc.layers.join(', '), w.layers)} </Text>
            <Text>{cell(clock(sc.parMs), w.par)} </Text>
            <Text color="cyan">{sc.best !== undefined ? String(sc.best) : '—'}</Text>
          </Text>
        );
      })}
    </Box>
  );
}
