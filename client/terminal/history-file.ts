// History persisted per scenario: one file per scenario id under <data>/history/, a line per command.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_HISTORY } from './history.js';

export interface HistoryStore {
  load(scenario: string): string[];
  save(scenario: string, entries: readonly string[]): void;
}

const fileName = (scenario: string) => scenario.replace(/[^\w.-]/g, '_') || '_';

export function historyStore(dir: string): HistoryStore {
  return {
    load(scenario) {
      try {
        return readFileSync(join(dir, fileName(scenario)), 'utf8').split('\n').filter(Boolean).slice(-MAX_HISTORY);
      } catch {
        return [];
      }
    },
    save(scenario, entries) {
      try {
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, fileName(scenario)), entries.slice(-MAX_HISTORY).join('\n') + '\n');
      } catch {
        // History is a convenience: a read-only home must not stop the game.
      }
    },
  };
}
