import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { DuckDBInstance, LIST, VARCHAR, listValue, timestampTZValue } from '@duckdb/node-api';
import type { Column, ColumnType, Row, TableSchema } from '../../engine/schema.js';
import type { FormatOptions } from './format-spec.js';
import type { FormatWriter, ObjectTarget, OpenObject, PreparedBatch } from './object-format.js';
import { asBoolean, asBytes, asFloat, asInteger, asJsonText, asStringList, asText, asTimestampMicros, isNull } from './values.js';

/**
 * Parquet types for canopy's column types, as CloudQuery's Arrow schema maps them: int64, float64,
 * timestamp[us, UTC] (isAdjustedToUTC), list<utf8>. JSON is a string annotated as JSON and UUID a
 * string, as CloudQuery's filetypes writes its extension types.
 */
const duckTypes: Record<ColumnType, string> = {
  string: 'VARCHAR',
  uuid: 'VARCHAR',
  int: 'BIGINT',
  float: 'DOUBLE',
  bool: 'BOOLEAN',
  timestamp: 'TIMESTAMPTZ',
  json: 'JSON',
  string_list: 'VARCHAR[]',
  bytes: 'BLOB',
};

const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;
const quoteText = (text: string): string => `'${text.replaceAll("'", "''")}'`;

type Cell = string | number | bigint | boolean | string[] | Uint8Array | null;

/** Checked values of one write() call, ready for the appender. */
class ParquetBatch implements PreparedBatch {
  constructor(
    readonly rows: Cell[][],
    private readonly sizes: number[],
  ) {}
  get length(): number {
    return this.rows.length;
  }
  size(index: number): number {
    return this.sizes[index] ?? 0;
  }
}

function cellOf(column: Column, value: unknown, athena: boolean): Cell {
  if (isNull(column, value)) return null;
  switch (column.type) {
    case 'string':
    case 'uuid':
      return asText(column, value);
    case 'int':
      return BigInt(asInteger(column, value));
    case 'float':
      return asFloat(column, value);
    case 'bool':
      return asBoolean(column, value);
    case 'timestamp':
      return asTimestampMicros(column, value);
    case 'json':
      return asJsonText(column, value, athena);
    case 'string_list':
      return asStringList(column, value);
    case 'bytes':
      return asBytes(column, value);
  }
}

function sizeOf(cell: Cell): number {
  if (cell === null) return 1;
  if (typeof cell === 'string') return cell.length;
  if (Array.isArray(cell)) return cell.reduce((n, s) => n + s.length + 4, 4);
  if (cell instanceof Uint8Array) return cell.byteLength;
  return 8;
}

const stringList = LIST(VARCHAR);

function append(appender: DuckDBAppender, type: ColumnType, cell: Cell): void {
  if (cell === null) return appender.appendNull();
  switch (type) {
    case 'string':
    case 'uuid':
    case 'json':
      return appender.appendVarchar(cell as string);
    case 'int':
      return appender.appendBigInt(cell as bigint);
    case 'float':
      return appender.appendDouble(cell as number);
    case 'bool':
      return appender.appendBoolean(cell as boolean);
    case 'timestamp':
      return appender.appendTimestampTZ(timestampTZValue(cell as bigint));
    case 'string_list':
      return appender.appendList(listValue(cell as string[]), stringList);
    case 'bytes':
      return appender.appendBlob(cell as Uint8Array);
  }
}

/**
 * Parquet through DuckDB: each open object is a table in an in-memory DuckDB fed by its appender
 * (values leave the JS heap as they arrive) and written with COPY ... (FORMAT parquet) when the
 * object completes. DuckDB spills to `tempDir` past its memory limit, so a no_rotate table of
 * millions of rows does not have to fit in memory.
 */
export function createParquetFormat(options: FormatOptions, tempDir: string): FormatWriter {
  let instance: Promise<DuckDBInstance> | undefined;
  let objects = 0;
  const database = (): Promise<DuckDBInstance> => {
    instance ??= mkdir(join(tempDir, 'duckdb'), { recursive: true }).then(() =>
      DuckDBInstance.create(':memory:', { memory_limit: '512MB', temp_directory: join(tempDir, 'duckdb') }),
    );
    return instance;
  };
  const copyOptions = ['FORMAT parquet', ...(options.parquet.maxRowGroupLength > 0 ? [`ROW_GROUP_SIZE ${options.parquet.maxRowGroupLength}`] : [])];

  async function open(table: TableSchema, target: ObjectTarget): Promise<OpenObject> {
    const connection: DuckDBConnection = await (await database()).connect();
    const name = `canopy_object_${++objects}`;
    const columns = table.columns;
    let appender: DuckDBAppender | undefined;
    try {
      await connection.run(`CREATE TABLE ${quoteIdent(name)} (${columns.map((c) => `${quoteIdent(c.name)} ${duckTypes[c.type]}`).join(', ')})`);
      appender = await connection.createAppender(name);
    } catch (err) {
      connection.closeSync();
      throw err;
    }
    const app = appender;
    let closed = false;
    const release = async (): Promise<void> => {
      if (closed) return;
      closed = true;
      try {
        await connection.run(`DROP TABLE IF EXISTS ${quoteIdent(name)}`);
      } finally {
        connection.closeSync();
      }
    };
    return {
      async write(batch, from, to) {
        if (!(batch instanceof ParquetBatch)) throw new Error('a batch prepared by another format');
        for (let r = from; r < to; r++) {
          const cells = batch.rows[r] ?? [];
          for (let c = 0; c < columns.length; c++) append(app, (columns[c] as Column).type, cells[c] ?? null);
          app.endRow();
        }
      },
      async finish() {
        try {
          app.closeSync();
          await connection.run(`COPY ${quoteIdent(name)} TO ${quoteText(target.localPath)} (${copyOptions.join(', ')})`);
        } finally {
          await release();
        }
      },
      async abort() {
        try {
          app.closeSync();
        } catch {
          // The appender may already be broken: the table is dropped either way.
        }
        await release().catch(() => undefined);
      },
    };
  }

  return {
    options,
    prepare(table: TableSchema, rows: readonly Row[]): PreparedBatch {
      const columns = table.columns;
      const cells: Cell[][] = new Array<Cell[]>(rows.length);
      const sizes: number[] = new Array<number>(rows.length);
      for (let r = 0; r < rows.length; r++) {
        const row = rows[r] as Row;
        const out: Cell[] = new Array<Cell>(columns.length);
        let size = 0;
        for (let c = 0; c < columns.length; c++) {
          const column = columns[c] as Column;
          const cell = cellOf(column, row[column.name], options.athena);
          out[c] = cell;
          size += sizeOf(cell);
        }
        cells[r] = out;
        sizes[r] = size;
      }
      return new ParquetBatch(cells, sizes);
    },
    open,
    async close() {
      const pending = instance;
      instance = undefined;
      if (pending) (await pending.catch(() => undefined))?.closeSync();
    },
  };
}
