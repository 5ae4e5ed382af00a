/**
 * Writes src/models/<service>.ts from the aws-sdk v2 package's API models: the operations listed
 * in model-operations.ts, the shapes they reach, and their paginators. Output is sorted and
 * stable, so running it twice gives identical files.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Operation, Paginator, ServiceModel, ShapeRef } from '../src/models/types.js';
import { modelOperations } from './model-operations.js';

const require = createRequire(import.meta.url);
const apisDir = join(dirname(require.resolve('aws-sdk/package.json')), 'apis');
const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'models');

interface RawModel {
  metadata: Record<string, unknown>;
  operations: Record<string, Operation>;
  shapes: Record<string, ShapeRef>;
}

/** The newest API version of a service (file names sort by date). */
function modelFiles(service: string): { model: string; paginators: string } {
  const files = readdirSync(apisDir)
    .filter((f) => f.startsWith(`${service}-`) && /^[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.min\.json$/.test(f))
    .filter((f) => f.slice(service.length + 1).match(/^\d{4}-\d{2}-\d{2}\.min\.json$/))
    .sort();
  const model = files.at(-1);
  if (!model) throw new Error(`no model for ${service} in ${apisDir}`);
  return { model: join(apisDir, model), paginators: join(apisDir, model.replace('.min.json', '.paginators.json')) };
}

function collectShapes(ref: ShapeRef | undefined, shapes: Record<string, ShapeRef>, seen: Set<string>): void {
  if (!ref) return;
  if (ref.shape !== undefined) {
    if (seen.has(ref.shape)) return;
    seen.add(ref.shape);
    const target = shapes[ref.shape];
    if (!target) throw new Error(`dangling shape reference ${ref.shape}`);
    collectShapes(target, shapes, seen);
  }
  for (const member of Object.values(ref.members ?? {})) collectShapes(member, shapes, seen);
  collectShapes(ref.member, shapes, seen);
  collectShapes(ref.key, shapes, seen);
  collectShapes(ref.value, shapes, seen);
}

const refKeys = new Set([
  'shape', 'type', 'members', 'member', 'key', 'value', 'required', 'payload', 'location', 'locationName',
  'queryName', 'flattened', 'xmlAttribute', 'xmlNamespace', 'timestampFormat', 'resultWrapper', 'exception',
  'error', 'jsonvalue', 'sensitive', 'deprecated', 'wrapper',
]);

/** Keeps the traits canopy reads (serialisation and documentation), dropping endpoint-rule hints. */
function clean(ref: ShapeRef | undefined): ShapeRef | undefined {
  if (!ref) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(ref)) {
    if (!refKeys.has(key)) continue;
    if (key === 'members') {
      out[key] = Object.fromEntries(Object.entries(value as Record<string, ShapeRef>).map(([k, v]) => [k, clean(v)]));
    } else if (key === 'member' || key === 'key' || key === 'value') {
      out[key] = clean(value as ShapeRef);
    } else {
      out[key] = value;
    }
  }
  return out as ShapeRef;
}

/**
 * Some paginators (Organizations') omit result_key; the SDKs then page over the output's only
 * list member, so the generator records that member.
 */
function soleListMember(output: ShapeRef | undefined, shapes: Record<string, ShapeRef>): string | undefined {
  const target = output?.shape ? shapes[output.shape] : output;
  const lists = Object.entries(target?.members ?? {}).filter(([, ref]) => {
    const type = ref.type ?? (ref.shape ? shapes[ref.shape]?.type : undefined);
    return type === 'list';
  });
  return lists.length === 1 ? lists[0]?.[0] : undefined;
}

/** Sorts a map's keys; structure members keep the model's order, which columns follow. */
function sorted<T>(map: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const metadataKeys = [
  'apiVersion',
  'awsQueryCompatible',
  'endpointPrefix',
  'globalEndpoint',
  'jsonVersion',
  'protocol',
  'serviceId',
  'signingName',
  'targetPrefix',
  'xmlNamespace',
] as const;

function subset(service: string, operations: string[]): ServiceModel {
  const files = modelFiles(service);
  const raw = JSON.parse(readFileSync(files.model, 'utf8')) as RawModel;
  const pages = JSON.parse(readFileSync(files.paginators, 'utf8')) as { pagination?: Record<string, Paginator> };
  const seen = new Set<string>();
  const ops: Record<string, Operation> = {};
  const paginators: Record<string, Paginator> = {};
  for (const name of operations) {
    const op = raw.operations[name];
    if (!op) throw new Error(`${service} has no operation ${name}`);
    ops[name] = { http: op.http, input: clean(op.input), output: clean(op.output), errors: op.errors?.map((e) => clean(e) as ShapeRef) };
    for (const ref of [op.input, op.output, ...(op.errors ?? [])]) collectShapes(ref, raw.shapes, seen);
    const paginator = pages.pagination?.[name];
    if (paginator) {
      const { input_token, output_token, limit_key, more_results } = paginator;
      const result_key = paginator.result_key ?? soleListMember(op.output, raw.shapes);
      paginators[name] = { input_token, output_token, limit_key, more_results, result_key };
    }
  }
  const metadata = Object.fromEntries(
    metadataKeys.filter((k) => raw.metadata[k] !== undefined).map((k) => [k, raw.metadata[k]]),
  ) as unknown as ServiceModel['metadata'];
  const shapes = Object.fromEntries([...seen].sort().map((k) => [k, clean(raw.shapes[k]) as ShapeRef]));
  return { metadata, operations: sorted(ops), shapes: sorted(shapes), paginators: sorted(paginators) };
}

const header = '// Generated by `npm run gen:models` from the aws-sdk v2 API models. Do not edit.\n';

/** The generated files, by name: one per service plus the index. Pure: writes nothing. */
export function renderModels(): Map<string, string> {
  const files = new Map<string, string>();
  const services = Object.keys(modelOperations).sort();
  for (const service of services) {
    const model = subset(service, modelOperations[service] ?? []);
    files.set(
      `${service}.ts`,
      `${header}import type { ServiceModel } from './types.js';\n\nexport const ${service}Model: ServiceModel = ${JSON.stringify(model, null, 1)};\n`,
    );
  }
  files.set(
    'index.ts',
    header +
      services.map((s) => `import { ${s}Model } from './${s}.js';`).join('\n') +
      `\nimport type { ServiceModel } from './types.js';\n\nexport type { ServiceModel } from './types.js';\n\n` +
      `/** Every generated service model, by the service's signing name. */\nexport const serviceModels: Record<string, ServiceModel> = {\n` +
      services.map((s) => `  ${s}: ${s}Model,`).join('\n') +
      '\n};\n',
  );
  return files;
}

export const modelsDir = outDir;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = renderModels();
  for (const [name, text] of files) writeFileSync(join(outDir, name), text);
  console.log(`wrote ${files.size} files to ${outDir}`);
}
