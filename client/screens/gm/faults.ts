// The fault library as the game master's picker lists it: ids, summaries and parameter names.
import { FAULTS } from '../../../server/game/faults/index.js';

export interface FaultEntry {
  id: string;
  layer: string;
  summary: string;
}

export const FAULT_CATALOGUE: FaultEntry[] = Object.values(FAULTS).map((f) => ({ id: f.id, layer: f.layer, summary: f.summary }));

/** Parameters of a fault type, from its schema: a required one has no default. */
export function faultParams(id: string): { name: string; required: boolean }[] {
  const schema = FAULTS[id]?.params as unknown as { shape?: Record<string, { safeParse(v: unknown): { success: boolean } }> } | undefined;
  return Object.entries(schema?.shape ?? {}).map(([name, field]) => ({ name, required: !field.safeParse(undefined).success }));
}
