import type { DuckDBAppender, DuckDBConnection, DuckDBValue, JS } from '@duckdb/node-api';

/**
 * One DuckDB connection shared by every call of a destination. A DuckDB connection has one
 * transaction at a time and its statements run on DuckDB's threads while JS awaits, so two
 * tables' writes (the engine may run them concurrently) would otherwise interleave their
 * statements inside each other's transactions. `exclusive` queues whole calls instead; DuckDB
 * still parallelises each statement internally.
 */
export class DuckdbSession {
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly connection: DuckDBConnection,
    private readonly log?: (line: string) => void,
  ) {}

  /** Runs `body` alone on the connection, after every call queued before it has settled. */
  exclusive<T>(body: () => Promise<T>): Promise<T> {
    const result = this.queue.then(body, body);
    this.queue = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Runs a statement; returns how many rows it changed. */
  async run(sql: string, params?: DuckDBValue[]): Promise<number> {
    this.log?.(sql);
    const result = await this.connection.run(sql, params);
    return Number(result.rowsChanged);
  }

  /** Runs a query and reads every row, with values as JS values (BIGINT as bigint, TIMESTAMP as Date). */
  async rows(sql: string, params?: DuckDBValue[]): Promise<Record<string, JS>[]> {
    this.log?.(sql);
    const reader = await this.connection.runAndReadAll(sql, params);
    return reader.getRowObjectsJS();
  }

  async appender(table: string, schema: string, catalog: string): Promise<DuckDBAppender> {
    this.log?.(`APPEND INTO ${catalog}.${schema}.${table}`);
    return this.connection.createAppender(table, schema, catalog);
  }

  /** Runs `body` in one transaction: committed when it returns, rolled back when it throws. */
  async transaction<T>(body: () => Promise<T>): Promise<T> {
    await this.run('BEGIN TRANSACTION');
    try {
      const value = await body();
      await this.run('COMMIT');
      return value;
    } catch (err) {
      // A failed statement leaves the transaction aborted, and a failed COMMIT may leave it open;
      // a ROLLBACK with none active fails harmlessly.
      await this.run('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }

  /** Lets queued calls finish, so closing never cuts a statement short. */
  async drain(): Promise<void> {
    await this.queue;
  }
}
