import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReplayItem, ReplayOutcome } from './replay';

/** The local DLQ journal's file and the ledger of what a replay already brought back, in the data dir. */
export const LOCAL_DLQ_FILE = 'dlq.jsonl';
export const LOCAL_REPLAY_LEDGER_FILE = 'replayed.jsonl';

/**
 * The local DLQ (`.local/dlq.jsonl`, append-only) as replay items, minus
 * those the ledger (`.local/replayed.jsonl`) says were replayed: running the
 * replay twice does nothing the second time, even for a reply (which has no
 * idempotency key of its own). An item's id is its line number and a hash of
 * the line, so an edited or rewritten journal is not mistaken for the old one.
 *
 * @example
 * const journal = new LocalReplayJournal('.local');
 * const report = await replayKept(journal.pending(), targets, (o) => journal.markReplayed(o));
 */
export class LocalReplayJournal {
  constructor(private readonly dataDir: string) {}

  pending(): ReplayItem[] {
    const done = this.replayedIds();
    const path = join(this.dataDir, LOCAL_DLQ_FILE);
    if (!existsSync(path)) return [];
    const items: ReplayItem[] = [];
    readFileSync(path, 'utf8')
      .split('\n')
      .forEach((line, index) => {
        if (line.trim() === '') return;
        const id = `${index + 1}:${createHash('sha256').update(line).digest('hex').slice(0, 16)}`;
        if (done.has(id)) return;
        let entry: { body?: unknown; function?: unknown };
        try {
          entry = JSON.parse(line);
        } catch {
          entry = { body: line };
        }
        items.push({ id, message: { body: String(entry.body ?? ''), ...(typeof entry.function === 'string' ? { functionName: entry.function } : {}) } });
      });
    return items;
  }

  markReplayed(outcome: ReplayOutcome, at: Date = new Date()): void {
    appendFileSync(join(this.dataDir, LOCAL_REPLAY_LEDGER_FILE), `${JSON.stringify({ id: outcome.id, at: at.toISOString(), kind: outcome.kind, ...(outcome.functionName ? { functionName: outcome.functionName } : {}) })}\n`);
  }

  private replayedIds(): Set<string> {
    const path = join(this.dataDir, LOCAL_REPLAY_LEDGER_FILE);
    if (!existsSync(path)) return new Set();
    return new Set(
      readFileSync(path, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => (JSON.parse(line) as { id: string }).id),
    );
  }
}
