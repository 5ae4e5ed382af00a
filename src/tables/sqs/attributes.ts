import type { ColumnType } from '../../engine/schema.js';
import type { ComputedColumn, Item } from '../../engine/table.js';

/**
 * SQS GetQueueAttributes and SNS GetTopicAttributes answer a map of strings. CloudQuery decodes it
 * into a struct of its own (weakly typed: "30" -> 30, "true" -> true; JSON documents parsed) and
 * keeps the attributes its struct does not name in unknown_fields. These helpers build the same
 * columns from the map under `Attributes`.
 */
export type AttributeType = 'int' | 'bool' | 'string' | 'json';

export function attributesOf(item: Item): Record<string, string> {
  return (item.Attributes as Record<string, string> | undefined) ?? {};
}

export function typedAttribute(value: string | undefined, type: AttributeType): unknown {
  if (value === undefined) return null;
  switch (type) {
    case 'string':
      return value;
    case 'bool':
      return value.toLowerCase() === 'true';
    case 'int': {
      const n = Number(value);
      return Number.isInteger(n) ? n : null;
    }
    case 'json':
      try {
        return JSON.parse(value) as unknown;
      } catch {
        return null;
      }
  }
}

/** One column per [column, attribute, type], then unknown_fields for every other attribute. */
export function attributeColumns(spec: ReadonlyArray<readonly [string, string, AttributeType]>, alsoKnown: readonly string[] = []): Record<string, ComputedColumn> {
  const known = new Set([...alsoKnown, ...spec.map(([, attribute]) => attribute)]);
  const columns: Record<string, ComputedColumn> = {};
  for (const [column, attribute, type] of spec) {
    const columnType: ColumnType = type;
    columns[column] = { type: columnType, value: (item) => typedAttribute(attributesOf(item)[attribute], type) };
  }
  columns.unknown_fields = {
    type: 'json',
    value: (item) => {
      const rest = Object.entries(attributesOf(item)).filter(([name]) => !known.has(name));
      return rest.length > 0 ? Object.fromEntries(rest) : null;
    },
  };
  return columns;
}
