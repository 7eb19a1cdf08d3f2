// The topology map (Ctrl-T): what the player's own commands revealed, drawn as boxes.
import { Box, Text } from 'ink';
import { memo, useMemo } from 'react';
import { Segments } from '../panels/SidePanel.js';
import { drawTopology } from './draw.js';
import type { Topology } from './model.js';

interface Props {
  topology: Topology;
  width: number;
  height: number;
  scroll: number;
  /** The player's current host, where the map starts. */
  start?: string;
}

function TopologyViewImpl({ topology, width, height, scroll, start }: Props) {
  const rows = useMemo(() => drawTopology(topology, width - 1, start), [topology, width, start]);
  const body = height - 1;
  const top = Math.max(0, Math.min(scroll, rows.length - body));
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate">
        <Text bold color="cyan">
          Topology map
        </Text>
        <Text color="gray">{` · from your own commands · ↑/↓ scroll · Ctrl-T back to the shell${rows.length > body ? ` · rows ${top + 1}-${Math.min(rows.length, top + body)} of ${rows.length}` : ''}`}</Text>
      </Text>
      {rows.slice(top, top + body).map((r, i) => (
        <Segments key={i} segments={r.length ? r : [{ text: ' ' }]} />
      ))}
    </Box>
  );
}

export const TopologyView = memo(TopologyViewImpl);
