// The public view of a room, one per audience (the whole room, or each team in versus):
// changed only through immer, so every change is a numbered list of patches to broadcast.
import { enablePatches, produceWithPatches, setAutoFreeze, type Draft, type Patch } from 'immer';
import type { RoomView } from '../../shared/protocol.js';
import type { WorldKey } from './room-log.js';

enablePatches();
// Views are only changed through `update`; freezing every new version costs more than it guards.
setAutoFreeze(false);

export class Views {
  private readonly views = new Map<WorldKey, { view: RoomView; seq: number }>();

  constructor(
    initial: Record<string, RoomView>,
    private readonly broadcast: (audience: WorldKey, seq: number, patches: Patch[]) => void,
  ) {
    for (const [k, v] of Object.entries(initial)) this.views.set(k as WorldKey, { view: v, seq: 0 });
  }

  get audiences(): WorldKey[] {
    return [...this.views.keys()];
  }

  /** Changes one audience's view (or every view) and sends the patches. */
  update(audience: WorldKey | 'all', recipe: (draft: Draft<RoomView>) => void): void {
    for (const [key, entry] of this.views) {
      if (audience !== 'all' && key !== audience) continue;
      const [next, patches] = produceWithPatches(entry.view, recipe);
      if (!patches.length) continue;
      entry.view = next;
      entry.seq++;
      this.broadcast(key, entry.seq, patches);
    }
  }

  snapshot(audience: WorldKey): { view: RoomView; seq: number } {
    const entry = this.views.get(audience) ?? this.views.values().next().value!;
    return { view: entry.view, seq: entry.seq };
  }
}

/**
 * Keeps only the newest `max` entries of a record keyed by increasing numbers. Integer keys
 * are listed in ascending order (an object's own integer-like keys always are), so the oldest
 * come first without a sort.
 */
export function trimRecord(rec: Record<string, unknown>, max: number): void {
  const keys = Object.keys(rec);
  for (let i = 0; i < keys.length - max; i++) delete rec[keys[i]];
}
