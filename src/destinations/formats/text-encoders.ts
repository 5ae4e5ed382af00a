import type { Column, Row, TableSchema } from '../../engine/schema.js';
import type { CsvOptions } from './format-spec.js';
import { asBoolean, asBytes, asFloat, asInteger, asJsonText, asStringList, asText, asTimestampMicros, base64, isNull, rfc3339 } from './values.js';

/** Turns one row into one line of the file, `\n` included. Throws a ValueError naming the column. */
export type LineEncoder = (row: Row) => string;

/** JSON has no NaN or Infinity; they are written as the strings most readers (DuckDB, Spark) parse back. */
function floatJson(value: number): string {
  if (Number.isFinite(value)) return String(value);
  return JSON.stringify(String(value));
}

/** One column's value as JSON text: nested JSON stays nested, int64 stays exact (a bare number). */
function jsonCell(column: Column, value: unknown, athena: boolean): string {
  if (isNull(column, value)) return 'null';
  switch (column.type) {
    case 'string':
    case 'uuid':
      return JSON.stringify(asText(column, value));
    case 'int':
      return String(asInteger(column, value));
    case 'float':
      return floatJson(asFloat(column, value));
    case 'bool':
      return asBoolean(column, value) ? 'true' : 'false';
    case 'timestamp':
      return `"${rfc3339(asTimestampMicros(column, value))}"`;
    case 'json':
      return asJsonText(column, value, athena);
    case 'string_list':
      return JSON.stringify(asStringList(column, value));
    case 'bytes':
      return `"${base64(asBytes(column, value))}"`;
  }
}

/** Newline-delimited JSON, one object per row with every column in schema order (CloudQuery's json format). */
export function jsonLineEncoder(table: TableSchema, athena: boolean): LineEncoder {
  const columns = table.columns;
  const keys = columns.map((c, i) => `${i === 0 ? '{' : ','}${JSON.stringify(c.name)}:`);
  return (row) => {
    let line = '';
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i] as Column;
      line += keys[i] + jsonCell(column, row[column.name], athena);
    }
    return columns.length === 0 ? '{}\n' : `${line}}\n`;
  };
}

function quoteIfNeeded(text: string, delimiter: string): string {
  // An empty string is quoted so that it reads back as '' while an empty field is NULL.
  if (text === '' || text.includes(delimiter) || /["\r\n]/.test(text) || /^[ \t]|[ \t]$/.test(text)) {
    return `"${text.replaceAll('"', '""')}"`;
  }
  return text;
}

function csvCell(column: Column, value: unknown, athena: boolean): string | undefined {
  if (isNull(column, value)) return undefined;
  switch (column.type) {
    case 'string':
    case 'uuid':
      return asText(column, value);
    case 'int':
      return String(asInteger(column, value));
    case 'float':
      return String(asFloat(column, value));
    case 'bool':
      return asBoolean(column, value) ? 'true' : 'false';
    case 'timestamp':
      return rfc3339(asTimestampMicros(column, value));
    case 'json':
      return asJsonText(column, value, athena);
    case 'string_list':
      return JSON.stringify(asStringList(column, value));
    case 'bytes':
      return base64(asBytes(column, value));
  }
}

/** The header line: column names in schema order. */
export function csvHeader(table: TableSchema, options: CsvOptions): string {
  return `${table.columns.map((c) => quoteIfNeeded(c.name, options.delimiter)).join(options.delimiter)}\n`;
}

/**
 * RFC 4180 lines with CloudQuery's `delimiter`. NULL is an empty field and '' is `""`; nested JSON
 * and lists are JSON text; timestamps are RFC 3339.
 */
export function csvLineEncoder(table: TableSchema, options: CsvOptions, athena: boolean): LineEncoder {
  const { delimiter } = options;
  const columns = table.columns;
  return (row) => {
    let line = '';
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i] as Column;
      const cell = csvCell(column, row[column.name], athena);
      if (i > 0) line += delimiter;
      if (cell !== undefined) line += quoteIfNeeded(cell, delimiter);
    }
    return `${line}\n`;
  };
}
