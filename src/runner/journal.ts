/**
 * `cells.jsonl` beside the report: one line per finished cell, appended as it finishes, so a run that dies
 * (SIGKILL, the OOM killer, a CI timeout) keeps its finished cells, and `report.json` can be rebuilt from it.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CellResult, Report } from '../core/report.js';

export const journalFile = 'cells.jsonl';

/** The first line: what a report needs that the cells do not say, and every planned cell (as not run). */
export interface JournalHeader {
  type: 'run';
  startedAt: string;
  /** The process writing it, so that a later run can tell a run still going from one that died. */
  pid?: number;
  runtime: string;
  matrices: Report['matrices'];
  repeat?: Report['repeat'];
  shard?: Report['shard'];
  serversReplacedBy?: string[];
  planned: CellResult[];
}

type JournalLine = JournalHeader | { type: 'cell'; position: number; at: string; result: CellResult } | { type: 'note'; message: string };

export class Journal {
  readonly file: string;

  /** Starts the journal; its lines are already scrubbed of secrets. */
  constructor(dir: string, header: JournalHeader) {
    this.file = path.join(dir, journalFile);
    writeFileSync(this.file, `${JSON.stringify(header)}\n`);
  }

  // Written synchronously: the line is in the file before the next cell starts, whatever happens to the process then.
  cell(position: number, result: CellResult): void {
    this.#append({ type: 'cell', position, at: new Date().toISOString(), result });
  }

  note(message: string): void {
    this.#append({ type: 'note', message });
  }

  #append(line: JournalLine): void {
    appendFileSync(this.file, `${JSON.stringify(line)}\n`);
  }
}

export interface JournalContents {
  header: JournalHeader;
  cells: { position: number; at: string; result: CellResult }[];
  notes: string[];
}

/** Reads a journal; a last line cut short by the process dying is left out. */
export async function readJournal(dir: string): Promise<JournalContents> {
  const lines = (await readFile(path.join(dir, journalFile), 'utf8')).split('\n').filter(Boolean);
  const parsed: JournalLine[] = [];
  for (const [i, text] of lines.entries()) {
    try {
      parsed.push(JSON.parse(text) as JournalLine);
    } catch (error) {
      if (i < lines.length - 1) throw error;
    }
  }
  const [header, ...rest] = parsed;
  if (header?.type !== 'run') throw new Error(`${journalFile} does not start with a run header`);
  return {
    header,
    cells: rest.flatMap((l) => (l.type === 'cell' ? [l] : [])),
    notes: rest.flatMap((l) => (l.type === 'note' ? [l.message] : [])),
  };
}
