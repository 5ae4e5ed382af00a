import { posix } from 'node:path';

/**
 * CloudQuery's path placeholders (ReplacePathVariables in its file and S3 plugins). Times are UTC
 * and taken when an object is started, not when the sync began.
 */
export const placeholders = {
  table: '{{TABLE}}',
  tableHyphen: '{{TABLE_HYPHEN}}',
  format: '{{FORMAT}}',
  uuid: '{{UUID}}',
  year: '{{YEAR}}',
  month: '{{MONTH}}',
  day: '{{DAY}}',
  hour: '{{HOUR}}',
  minute: '{{MINUTE}}',
  syncId: '{{SYNC_ID}}',
  syncGroupId: '{{SYNC_GROUP_ID}}',
} as const;

export interface PathValues {
  table: string;
  /** `json`, `csv.gz`, ... (formatExtension). */
  extension: string;
  uuid: string;
  time: Date;
  syncId: string;
}

const two = (n: number): string => String(n).padStart(2, '0');

/** The object key or file path for one object; cleaned as Go's path.Clean cleans it. */
export function renderPath(template: string, values: PathValues): string {
  const t = values.time;
  const replaced = template
    .replaceAll(placeholders.table, values.table)
    .replaceAll(placeholders.format, values.extension)
    .replaceAll(placeholders.uuid, values.uuid)
    .replaceAll(placeholders.year, String(t.getUTCFullYear()).padStart(4, '0'))
    .replaceAll(placeholders.month, two(t.getUTCMonth() + 1))
    .replaceAll(placeholders.day, two(t.getUTCDate()))
    .replaceAll(placeholders.hour, two(t.getUTCHours()))
    .replaceAll(placeholders.minute, two(t.getUTCMinutes()))
    .replaceAll(placeholders.syncId, values.syncId)
    .replaceAll(placeholders.tableHyphen, values.table.replaceAll('_', '-'));
  const cleaned = posix.normalize(replaced);
  return cleaned.length > 1 && cleaned.endsWith('/') ? cleaned.slice(0, -1) : cleaned;
}

/**
 * The file plugin's defaults: `directory` becomes `<directory>/{{TABLE}}.{{FORMAT}}[.{{UUID}}]`
 * (file v3), and a path without {{TABLE}} gets `/{{TABLE}}.{{FORMAT}}` (file v5).
 */
export function filePathTemplate(spec: { directory?: string; path?: string; no_rotate?: boolean }): string {
  if (spec.directory) {
    const name = `${placeholders.table}.${placeholders.format}${spec.no_rotate ? '' : `.${placeholders.uuid}`}`;
    return posix.join(spec.directory, name);
  }
  const path = spec.path ?? '';
  return path.includes(placeholders.table) ? path : posix.join(path, `${placeholders.table}.${placeholders.format}`);
}

/** The S3 plugin's default: a path without {{TABLE}} gets `/{{TABLE}}.{{FORMAT}}[.{{UUID}}]`. */
export function s3KeyTemplate(spec: { path: string; no_rotate?: boolean }): string {
  if (spec.path.includes(placeholders.table)) return spec.path;
  return `${spec.path}/${placeholders.table}.${placeholders.format}${spec.no_rotate ? '' : `.${placeholders.uuid}`}`;
}
