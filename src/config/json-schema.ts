import { z } from 'zod';
import { configDocumentSchema } from './plugin-specs.js';

/**
 * docs/config.schema.json: the JSON Schema of one config document, for editors
 * (yaml-language-server validates each document of a multi-document file against it).
 * Input side (io: 'input'): keys with defaults are optional, as a user writes them.
 */
export function renderConfigJsonSchema(): string {
  const schema = z.toJSONSchema(configDocumentSchema, { target: 'draft-7', io: 'input', unrepresentable: 'any' });
  const document = {
    ...schema,
    title: 'canopy config document (CloudQuery format: kind: source | destination)',
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
