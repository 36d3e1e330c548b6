/**
 * What makes a cell one cell: its matrix file and its id. Ids are unique within a matrix only (the shipped
 * matrices share some), so every place that keeps, folds, merges, compares or links cells goes through here.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';

export interface CellIdentity {
  matrixFile: string;
  id: string;
}

/** `matrix/pg-tls-15.yaml: postgres@15.8/pg/pg-tls-session-resumption`; the same text for the same cell in every run. */
export const cellKey = (cell: CellIdentity): string => `${path.posix.normalize(cell.matrixFile.replaceAll('\\', '/'))}: ${cell.id}`;

export const sameCell = (a: CellIdentity, b: CellIdentity): boolean => cellKey(a) === cellKey(b);

/** An HTML id unique per cell: readable, and a short hash of the key so that two keys never give one anchor. */
export function cellAnchor(cell: CellIdentity): string {
  const hash = createHash('sha256').update(cellKey(cell)).digest('hex').slice(0, 8);
  return `cell-${cell.id.replace(/[^A-Za-z0-9._-]/g, '-')}-${hash}`;
}

/** Groups items by cell, in first-seen order. */
export function byCell<T extends CellIdentity>(items: Iterable<T>): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = cellKey(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return [...groups.values()];
}
