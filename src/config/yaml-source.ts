import { readFileSync } from 'node:fs';
import { isNode, LineCounter, parseAllDocuments, type Document } from 'yaml';
import type { z } from 'zod';

/**
 * An error in a user's file, located by file, line and key path, e.g.
 * `scenario.yml:14: faults.errorRate: expected a number`. The CLI exits 2 on it.
 */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly keyPath: string,
    readonly problem: string,
  ) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${keyPath ? `${keyPath}: ` : ''}${problem}`);
    this.name = 'ConfigError';
  }
}

/** A parsed YAML (or JSON) file that can say on which line a key path stands. */
export class YamlSource {
  private constructor(
    readonly file: string,
    readonly documents: Document.Parsed[],
    private readonly lines: LineCounter,
  ) {}

  static read(file: string): YamlSource {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new ConfigError(file, undefined, '', `cannot read the file (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    return YamlSource.parse(file, text);
  }

  static parse(file: string, text: string): YamlSource {
    const lines = new LineCounter();
    const documents = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false });
    const list = Array.isArray(documents) ? documents : [documents];
    for (const doc of list) {
      const [error] = doc.errors;
      if (error) {
        const line = lines.linePos(error.pos[0]).line;
        throw new ConfigError(file, line, '', `invalid YAML: ${error.message.split('\n')[0] ?? ''}`);
      }
    }
    return new YamlSource(file, list as Document.Parsed[], lines);
  }

  /** The 1-based line of a key path in a document, or of its nearest ancestor that exists. */
  lineOf(documentIndex: number, path: ReadonlyArray<PropertyKey>): number | undefined {
    const doc = this.documents[documentIndex];
    if (!doc) return undefined;
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth) as unknown[], true);
      if (isNode(node) && node.range) {
        // For a key path, point at the key: the pair's key precedes the value's range.
        const pair = depth > 0 ? findKeyLine(doc, path.slice(0, depth), this.lines) : undefined;
        return pair ?? this.lines.linePos(node.range[0]).line;
      }
    }
    return undefined;
  }

  /**
   * Validates one document (or `data` taken from it, when the caller prepared it) against a schema;
   * the first issue becomes a located ConfigError.
   */
  validate<T extends z.ZodType>(schema: T, documentIndex = 0, data?: unknown): z.output<T> {
    const doc = this.documents[documentIndex];
    const input: unknown = data !== undefined ? data : (doc?.toJS() ?? {});
    const result = schema.safeParse(input ?? {});
    if (result.success) return result.data;
    const issue = firstIssue(result.error.issues, input);
    let path: PropertyKey[] = [...(issue?.path ?? [])];
    let message = issue?.message ?? 'invalid';
    // zod reports unknown keys on their parent; point at the key itself.
    if (issue?.code === 'unrecognized_keys' && issue.keys[0] !== undefined) {
      path = [...path, issue.keys[0]];
      message = 'unknown key';
    } else if (issue?.code === 'invalid_type' && valueAt(input, path) === undefined) {
      // "expected string, received undefined" means the key is missing: say that plainly.
      message = 'required';
    }
    throw new ConfigError(this.file, this.lineOf(documentIndex, path), formatPath(path), message);
  }
}

/**
 * The issue to report. A missing key beside an unknown one is almost always a misspelling
 * (`specs:` for `spec:`), so the unknown key is the better message.
 */
function firstIssue(issues: ReadonlyArray<z.core.$ZodIssue>, input: unknown): z.core.$ZodIssue | undefined {
  const [first] = issues;
  if (first?.code !== 'invalid_type' || valueAt(input, first.path) !== undefined) return first;
  const parent = JSON.stringify(first.path.slice(0, -1));
  return issues.find((issue) => issue.code === 'unrecognized_keys' && JSON.stringify(issue.path) === parent) ?? first;
}

/** The value at a key path of plain data; undefined where the path leaves it. */
export function valueAt(data: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let value = data;
  for (const part of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}

function findKeyLine(doc: Document.Parsed, path: ReadonlyArray<PropertyKey>, lines: LineCounter): number | undefined {
  const parent = path.length > 1 ? doc.getIn(path.slice(0, -1) as unknown[], true) : doc.contents;
  const key = path[path.length - 1];
  if (!parent || typeof parent !== 'object' || !('items' in parent) || !Array.isArray(parent.items)) return undefined;
  for (const item of parent.items as unknown[]) {
    if (item && typeof item === 'object' && 'key' in item) {
      const k = (item as { key: unknown }).key;
      if (isNode(k) && 'value' in k && String(k.value) === String(key) && k.range) return lines.linePos(k.range[0]).line;
    }
  }
  return undefined;
}

/** `spec.accounts[2].id` from ['spec', 'accounts', 2, 'id']. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), '');
}
