import { isMap, isScalar, isSeq, parse, Scalar } from 'yaml';
import { ConfigError, formatPath, type YamlSource } from './yaml-source.js';

/** The same pattern CloudQuery expands: `${NAME}`, anything but `}` inside the braces. */
const reference = /\$\{([^}]+)\}/g;

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Replaces `${VAR}` in the string values of one document, in place, before validation.
 *
 * CloudQuery substitutes the raw text and then parses YAML, so an unquoted `max_retries: ${N}`
 * with N=5 is the number 5 while `"${N}"` stays a string. Working on parsed scalars gives the same
 * result for single-line values and keeps every line number (a multi-line value would shift them).
 * An unset variable is an error naming the file, line, key path and variable, as in CloudQuery;
 * an empty one is allowed. `${file:...}` is not supported.
 */
export function expandEnv(source: YamlSource, documentIndex: number, env: Env): void {
  const doc = source.documents[documentIndex];
  if (!doc?.contents) return;
  const walk = (node: unknown, path: PropertyKey[]): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        if (isScalar(pair.value) && typeof pair.value.value === 'string') {
          pair.value = expandScalar(pair.value, [...path, key]);
        } else walk(pair.value, [...path, key]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        if (isScalar(item) && typeof item.value === 'string') node.items[index] = expandScalar(item, [...path, index]);
        else walk(item, [...path, index]);
      });
    }
  };

  const expandScalar = (scalar: Scalar, path: PropertyKey[]): Scalar => {
    const text = scalar.value as string;
    if (!text.includes('${')) return scalar;
    const expanded = text.replace(reference, (_match, name: string) => {
      const fail = (problem: string): never => {
        throw new ConfigError(source.file, source.lineOf(documentIndex, path), formatPath(path), problem);
      };
      if (name.startsWith('file:')) return fail(`\${${name}}: file substitution is not supported; use an environment variable`);
      const value = env[name];
      if (value === undefined) return fail(`environment variable ${name} is not set`);
      return value;
    });
    const replacement = new Scalar<unknown>(scalar.type === 'PLAIN' ? retype(expanded) : expanded);
    replacement.range = scalar.range;
    replacement.type = scalar.type;
    return replacement as Scalar;
  };

  walk(doc.contents, []);
}

/** An unquoted value is re-read as YAML would read it: `5` -> 5, `true` -> true, `` -> null. */
function retype(text: string): unknown {
  if (/[\n\r]/.test(text)) return text;
  try {
    const value: unknown = parse(text);
    return value === null || typeof value === 'number' || typeof value === 'boolean' ? value : text;
  } catch {
    return text;
  }
}
