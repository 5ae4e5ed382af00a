import type { StaleScope } from './destination.js';

/** Partitions per statement: keeps every dialect under its bound-parameter limit (SQLite's is 32,766). */
export const STALE_CHUNK = 500;

export interface StaleStatement {
  /** The condition on the scope's columns, e.g. `("account_id", "region") IN (VALUES ($3, $4), ($5, $6))`. */
  condition: string;
  values: string[];
}

/**
 * The partition columns of a delete-stale scope: every partition must name the same ones, since
 * they are matched as one row value. Returns an empty list for a scope without partitions.
 */
export function staleColumns(scope: StaleScope): string[] {
  const first = scope.partitions[0];
  if (!first) return [];
  const columns = Object.keys(first);
  const key = columns.join('\0');
  for (const p of scope.partitions) {
    if (Object.keys(p).join('\0') !== key) throw new Error(`delete-stale partitions name different columns: ${JSON.stringify(first)} and ${JSON.stringify(p)}`);
  }
  return columns;
}

/**
 * The row-value IN conditions for the scope's partitions, STALE_CHUNK partitions at a time.
 * `placeholder(i)` spells the i-th bound parameter of the statement (0-based, after `offset`
 * parameters the caller binds first). A scope whose partitions name no column (an account-less
 * table) matches every row: one statement with the condition `TRUE`.
 */
export function staleStatements(
  scope: StaleScope,
  columns: readonly string[],
  quote: (name: string) => string,
  placeholder: (index: number) => string,
  offset: number,
): StaleStatement[] {
  if (scope.partitions.length === 0) return [];
  if (columns.length === 0) return [{ condition: 'TRUE', values: [] }];
  const statements: StaleStatement[] = [];
  for (let start = 0; start < scope.partitions.length; start += STALE_CHUNK) {
    const chunk = scope.partitions.slice(start, start + STALE_CHUNK);
    const values: string[] = [];
    const tuples = chunk.map((p) => {
      const slots = columns.map((c) => {
        values.push(p[c] as string);
        return placeholder(offset + values.length - 1);
      });
      return `(${slots.join(', ')})`;
    });
    statements.push({ condition: `(${columns.map(quote).join(', ')}) IN (VALUES ${tuples.join(', ')})`, values });
  }
  return statements;
}
