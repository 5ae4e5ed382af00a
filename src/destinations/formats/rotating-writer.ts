import type { Row, TableSchema } from '../../engine/schema.js';
import { DestinationError } from '../destination.js';
import type { FormatWriter, ObjectTarget, OpenObject } from './object-format.js';
import type { BatchLimits } from './spec-rules.js';
import { ValueError } from './values.js';

/** Where objects go: local files (file destination) or spool files uploaded on completion (S3). */
export interface ObjectSink {
  /** Where the object with this key is written while open. */
  target(key: string): Promise<ObjectTarget>;
  /** The object is complete: make it visible (S3: one PutObject). */
  publish(key: string, target: ObjectTarget): Promise<void>;
  /** The object failed: drop local leftovers that are not the destination's own output. */
  discard(target: ObjectTarget): Promise<void>;
}

export interface RotatingWriterOptions {
  /** `file` or `s3`, for messages. */
  plugin: string;
  format: FormatWriter;
  sink: ObjectSink;
  /** A fresh key for a table's next object (the path template with a new {{UUID}} and the current time). */
  keyOf(table: string): string;
  limits: BatchLimits;
}

interface OpenState {
  key: string;
  target: ObjectTarget;
  object: OpenObject;
  signature: string;
  rows: number;
  bytes: number;
  timer?: NodeJS.Timeout;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * CloudQuery's streaming batch writer: rows of a table stream into its open object until
 * batch_size rows or batch_size_bytes bytes are in it, or batch_timeout passes; then the object is
 * completed and the next rows start a new one (a new {{UUID}}). With no_rotate there are no limits:
 * one object per table, completed by flush() or close(). Calls for one table run one after another
 * (a timer's completion included); different tables proceed in parallel.
 */
export class RotatingWriter {
  private readonly open = new Map<string, OpenState>();
  private readonly lanes = new Map<string, Promise<unknown>>();
  private readonly failures = new Map<string, Error>();
  private readonly reserved = new Map<string, string>();
  private readonly signatures = new WeakMap<TableSchema, string>();
  private readonly keys: string[] = [];
  private closed = false;

  constructor(private readonly options: RotatingWriterOptions) {}

  /** Keys of the objects completed so far, in completion order. */
  get published(): readonly string[] {
    return this.keys;
  }

  write(table: TableSchema, rows: readonly Row[]): Promise<void> {
    if (this.closed) return Promise.reject(new DestinationError('CONNECTION_FAILED', `${this.options.plugin}: the destination is closed`));
    if (rows.length === 0) return Promise.resolve();
    return this.lane(table.name, async () => {
      this.raiseFailure(table.name);
      let batch;
      try {
        batch = this.options.format.prepare(table, rows);
      } catch (err) {
        throw this.writeError(table.name, rows.length, err);
      }
      const { rows: maxRows, bytes: maxBytes } = this.options.limits;
      const signature = this.signatureOf(table);
      for (let from = 0; from < batch.length; ) {
        let state = this.open.get(table.name);
        if (state && state.signature !== signature) {
          // A schema change (migrate) ends the object: a file has one header, one parquet schema.
          await this.complete(table.name, state);
          state = undefined;
        }
        state ??= await this.start(table, signature);
        let to = from;
        while (to < batch.length && (maxRows === 0 || state.rows < maxRows) && (maxBytes === 0 || state.bytes < maxBytes)) {
          state.bytes += batch.size(to);
          state.rows += 1;
          to += 1;
        }
        try {
          await state.object.write(batch, from, to);
        } catch (err) {
          this.open.delete(table.name);
          clearTimeout(state.timer);
          await state.object.abort();
          await this.options.sink.discard(state.target).catch(() => undefined);
          throw this.writeError(table.name, rows.length, err);
        }
        from = to;
        if ((maxRows > 0 && state.rows >= maxRows) || (maxBytes > 0 && state.bytes >= maxBytes)) await this.complete(table.name, state);
      }
    });
  }

  /**
   * Completes an object with the table's schema and no rows now, and keeps its key for the
   * table's first object, which replaces it (CloudQuery's write_empty_objects_for_empty_tables).
   */
  writeEmpty(table: TableSchema): Promise<void> {
    return this.lane(table.name, async () => {
      if (this.open.has(table.name) || this.reserved.has(table.name)) return;
      const state = await this.start(table, this.signatureOf(table));
      await this.complete(table.name, state);
      this.reserved.set(table.name, state.key);
    });
  }

  /** Completes every open object; the first failure (of these or of an earlier timed completion) is thrown. */
  async flush(): Promise<void> {
    const tables = new Set([...this.open.keys(), ...this.failures.keys()]);
    const results = await Promise.allSettled(
      [...tables].map((table) =>
        this.lane(table, async () => {
          this.raiseFailure(table);
          const state = this.open.get(table);
          if (state) await this.complete(table, state);
        }),
      ),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** Completes every open object and releases the format; later writes are refused. */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.flush();
    } finally {
      this.closed = true;
      await this.options.format.close();
    }
  }

  private lane<T>(table: string, task: () => Promise<T>): Promise<T> {
    const previous = this.lanes.get(table) ?? Promise.resolve();
    const next = previous.then(task);
    this.lanes.set(
      table,
      next.catch(() => undefined),
    );
    return next;
  }

  private raiseFailure(table: string): void {
    const failure = this.failures.get(table);
    if (!failure) return;
    this.failures.delete(table);
    throw failure;
  }

  private signatureOf(table: TableSchema): string {
    let signature = this.signatures.get(table);
    if (signature === undefined) {
      signature = JSON.stringify(table.columns.map((c) => [c.name, c.type]));
      this.signatures.set(table, signature);
    }
    return signature;
  }

  private async start(table: TableSchema, signature: string): Promise<OpenState> {
    const key = this.reserved.get(table.name) ?? this.options.keyOf(table.name);
    this.reserved.delete(table.name);
    let target: ObjectTarget;
    let object: OpenObject;
    try {
      target = await this.options.sink.target(key);
      object = await this.options.format.open(table, target);
    } catch (err) {
      throw new DestinationError('WRITE_FAILED', `${this.options.plugin}: cannot start ${key} for table "${table.name}": ${messageOf(err)}`, table.name);
    }
    const state: OpenState = { key, target, object, signature, rows: 0, bytes: 0 };
    const { timeoutMs } = this.options.limits;
    if (timeoutMs > 0) {
      state.timer = setTimeout(() => {
        this.lane(table.name, async () => {
          if (this.open.get(table.name) === state) await this.complete(table.name, state);
        }).catch((err: unknown) => this.failures.set(table.name, err instanceof Error ? err : new Error(String(err))));
      }, timeoutMs);
      // A pending batch must not keep the process alive; close() completes it anyway.
      state.timer.unref();
    }
    this.open.set(table.name, state);
    return state;
  }

  private async complete(table: string, state: OpenState): Promise<void> {
    clearTimeout(state.timer);
    if (this.open.get(table) === state) this.open.delete(table);
    try {
      await state.object.finish();
      await this.options.sink.publish(state.key, state.target);
    } catch (err) {
      await state.object.abort();
      await this.options.sink.discard(state.target).catch(() => undefined);
      if (err instanceof DestinationError) throw err;
      throw new DestinationError('WRITE_FAILED', `${this.options.plugin}: writing ${state.key} for table "${table}" failed: ${messageOf(err)}`, table);
    }
    this.keys.push(state.key);
  }

  private writeError(table: string, count: number, err: unknown): DestinationError {
    if (err instanceof DestinationError) return err;
    const column = err instanceof ValueError ? err.column : undefined;
    const where = column ? ` column "${column}"` : '';
    return new DestinationError(
      'WRITE_FAILED',
      `${this.options.plugin}: write to table "${table}"${where} failed, batch of ${count} rows not written: ${messageOf(err)}`,
      table,
      column,
    );
  }
}
