// The fault library as the game master's picker lists it: ids, summaries and parameter names.
import { FAULTS } from '../../../server/game/faults/index.js';

export interface FaultEntry {
  id: string;
  layer: string;
  summary: string;
}

export const FAULT_CATALOGUE: FaultEntry[] = Object.values(FAULTS).map((f) => ({ id: f.id, layer: f.layer, summary: f.summary }));

/** Parameter names of a fault type, from its schema. */
export function faultParams(id: string): string[] {
  const schema = FAULTS[id]?.params as unknown as { shape?: Record<string, unknown> } | undefined;
  return schema?.shape ? Object.keys(schema.shape) : [];
}
