import { z } from 'zod';
import { expandEnv, type Env } from './env-expand.js';
import { destinationSpecSchema, sourceSpecSchema, type DestinationSpec, type SourceSpec } from './plugin-specs.js';
import { ConfigError, formatPath, type YamlSource } from './yaml-source.js';

/** A validated document with where it came from, so later checks can point at its lines. */
export interface Located<T> {
  readonly spec: T;
  readonly source: YamlSource;
  readonly index: number;
  /** What the user wrote (after ${ENV} expansion, before defaults), for checks that care. */
  readonly raw: Record<string, unknown>;
}

export interface ParsedDocuments {
  sources: Located<SourceSpec>[];
  destinations: Located<DestinationSpec>[];
}

/** A ConfigError (or warning text) at a key path of a located document. */
export function errorAt(doc: { source: YamlSource; index: number }, path: ReadonlyArray<PropertyKey>, problem: string): ConfigError {
  return new ConfigError(doc.source.file, doc.source.lineOf(doc.index, path), formatPath(path), problem);
}

const sourceDocument = z.strictObject({ kind: z.literal('source'), spec: sourceSpecSchema });
const destinationDocument = z.strictObject({ kind: z.literal('destination'), spec: destinationSpecSchema });

/**
 * Reads every document of one file: expands ${ENV}, dispatches on `kind`, validates. Empty
 * documents (a trailing `---`) are skipped; a file with none at all is an error.
 */
export function parseDocuments(source: YamlSource, env: Env, into: ParsedDocuments): void {
  let seen = 0;
  source.documents.forEach((doc, index) => {
    // A document with nothing in it (comments only, a trailing `---`) is not a mistake.
    if (doc.contents === null || doc.toJS() === null) return;
    seen++;
    expandEnv(source, index, env);
    const data: unknown = doc.toJS();
    const at = { source, index };
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      throw errorAt(at, [], 'expected a mapping with `kind` and `spec`');
    }
    const raw = data as Record<string, unknown>;
    const kind = raw['kind'];
    if (kind === undefined) throw errorAt(at, ['kind'], 'required (source or destination)');
    if (kind !== 'source' && kind !== 'destination') {
      throw errorAt(at, ['kind'], `unknown kind ${JSON.stringify(kind)} (expected source or destination)`);
    }
    const spec = raw['spec'];
    // CloudQuery's own examples write `spec:` with nothing under it; that means "all defaults".
    if (spec && typeof spec === 'object' && !Array.isArray(spec) && (spec as Record<string, unknown>)['spec'] === null) {
      delete (spec as Record<string, unknown>)['spec'];
    }
    const rawSpec = spec && typeof spec === 'object' ? (spec as Record<string, unknown>) : {};
    if (kind === 'source') {
      into.sources.push({ spec: source.validate(sourceDocument, index, raw).spec, source, index, raw: rawSpec });
    } else {
      into.destinations.push({ spec: source.validate(destinationDocument, index, raw).spec, source, index, raw: rawSpec });
    }
  });
  if (seen === 0) {
    throw new ConfigError(source.file, 1, '', 'the file has no configuration (expected documents with kind: source or kind: destination)');
  }
}
