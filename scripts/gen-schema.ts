import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderConfigJsonSchema } from '../src/config/json-schema.js';

/** docs/config.schema.json, generated from the zod schemas so editors and the loader agree. */
export const schemaFile = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'config.schema.json');

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(schemaFile, renderConfigJsonSchema());
  console.log(`wrote ${schemaFile}`);
}
