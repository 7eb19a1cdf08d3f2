// The public view of a room, one per audience (the whole room, or each team in versus):
// changed only through immer, so every change is a numbered list of patches to broadcast.
import { enablePatches, produceWithPatches, setAutoFreeze, type Draft, type Patch } from 'immer';
import type { RoomView } from '../../shared/protocol.js';

/** The view's logs: records keyed by increasing event numbers, trimmed to their newest entries. */
type LogName = 'feed' | 'chat';
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

  /**
   * Adds an entry to a log in place, dropping the oldest beyond `max`, and sends the patches.
   * Logs change on every command: an immer draft would copy the whole log each time.
   */
  addEntry<L extends LogName>(audience: WorldKey | 'all', log: L, key: number, value: RoomView[L][string], max: number): void {
    this.inPlace(audience, (view) => {
      const rec = view[log] as Record<string, unknown>;
      const patches: Patch[] = [{ op: 'add', path: [log, String(key)], value }];
      rec[key] = value;
      // Integer keys are listed in ascending order: the oldest come first.
      const keys = Object.keys(rec);
      for (let i = 0; i < keys.length - max; i++) {
        delete rec[keys[i]];
        patches.push({ op: 'remove', path: [log, keys[i]] });
      }
      return patches;
    });
  }

  /** Sets one field of a log entry in place (a command's exit code), if the entry is still there. */
  setEntryField<L extends LogName, F extends keyof RoomView[L][string]>(audience: WorldKey, log: L, key: number, field: F, value: RoomView[L][string][F]): void {
    this.inPlace(audience, (view) => {
      const item = (view[log] as Record<string, RoomView[L][string]>)[key];
      if (!item || item[field] === value) return [];
      item[field] = value;
      return [{ op: 'replace', path: [log, String(key), field as string], value }];
    });
  }

  /** Views are never frozen nor kept in older versions, so changing one in place is safe. */
  private inPlace(audience: WorldKey | 'all', change: (view: RoomView) => Patch[]): void {
    for (const [key, entry] of this.views) {
      if (audience !== 'all' && key !== audience) continue;
      const patches = change(entry.view);
      if (!patches.length) continue;
      entry.seq++;
      this.broadcast(key, entry.seq, patches);
    }
  }

  snapshot(audience: WorldKey): { view: RoomView; seq: number } {
    const entry = this.views.get(audience) ?? this.views.values().next().value!;
    return { view: entry.view, seq: entry.seq };
  }
}
