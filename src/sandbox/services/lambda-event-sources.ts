import type { Cell } from '../data/ids.js';
import { hash32, intBetween, pick, unit, uuidOf } from '../data/random.js';
import type { Universe } from '../data/universe.js';
import { hasStream, streamArnAt } from './dynamodb.js';
import { functionArnAt, functionCount, functionKey, functionTimes, sumOverFunctions } from './lambda-functions.js';
import { resolveFunction } from './lambda-versions.js';
import { paginate, type Input, type Output, type PageOptions, type RequestContext } from './service.js';
import { queueArnAt } from './sqs.js';

/**
 * Event source mappings: functions that poll the cell's own SQS queues and DynamoDB streams, so
 * every EventSourceArn resolves in those services. A quarter of functions have one to three.
 */

export const EVENT_SOURCE_MAPPING_KIND = 'lambda.event_source_mapping';

/** ListEventSourceMappings takes MaxItems 1..10,000 and answers at most 100 a page. */
const PAGES: PageOptions = { defaultPageSize: 100, maxPageSize: 100, limits: { min: 1, max: 10_000, code: 'InvalidParameterValueException' } };

function wantedMappings(universe: Universe, cell: Cell, index: number): number {
  const r = unit(...functionKey(universe, cell, index, 'mappings'));
  if (r < 0.75) return 0;
  if (r < 0.9) return 1;
  if (r < 0.97) return 2;
  return 3;
}

/** How many queues and tables the cell holds, read once per count rather than once per function. */
interface CellSizes {
  queues: number;
  tables: number;
}

function cellSizes(universe: Universe, cell: Cell): CellSizes {
  return { queues: universe.allocated(cell, 'sqs.queue'), tables: universe.allocated(cell, 'dynamodb.table') };
}

/** A queue or a table's stream of the cell, by index: distinct refs are distinct sources. */
interface SourceRef {
  kind: 'queue' | 'stream';
  index: number;
}

/**
 * The sources a function reads, distinct (Lambda refuses a second mapping of one source to one
 * function). A stream is preferred a third of the time when the picked table has one; otherwise a
 * queue; a cell without queues or streams gives none. Refs, not ARNs, so counting stays cheap.
 */
function sourceRefs(universe: Universe, cell: Cell, index: number, sizes: CellSizes = cellSizes(universe, cell)): SourceRef[] {
  const wanted = wantedMappings(universe, cell, index);
  if (wanted === 0) return [];
  const refs: SourceRef[] = [];
  const { queues, tables } = sizes;
  for (let m = 0; m < wanted; m++) {
    const key = (...parts: Array<string | number>) => functionKey(universe, cell, index, 'mapping', m, ...parts);
    const table = tables > 0 && unit(...key('kind')) < 0.35 ? hash32(...key('table')) % tables : undefined;
    const ref: SourceRef | undefined =
      table !== undefined && hasStream(universe, cell, table)
        ? { kind: 'stream', index: table }
        : queues > 0
          ? { kind: 'queue', index: hash32(...key('queue')) % queues }
          : undefined;
    if (ref && !refs.some((r) => r.kind === ref.kind && r.index === ref.index)) refs.push(ref);
  }
  return refs;
}

function mappingSources(universe: Universe, cell: Cell, index: number): string[] {
  return sourceRefs(universe, cell, index).map((ref) =>
    ref.kind === 'stream' ? (streamArnAt(universe, cell, ref.index) as string) : queueArnAt(universe, cell, ref.index),
  );
}

/** The cell's event source mappings: the kind's count rule, O(functions). */
export function cellMappingCount(universe: Universe, cell: Cell): number {
  const sizes = cellSizes(universe, cell);
  return sumOverFunctions(universe, cell, (i) => sourceRefs(universe, cell, i, sizes).length);
}

/** The EventSourceMappingConfiguration shape: stream settings for streams, batching for queues. */
function mappingAt(universe: Universe, cell: Cell, index: number, m: number, source: string): Output {
  const key = (...parts: Array<string | number>) => functionKey(universe, cell, index, 'mapping', m, ...parts);
  const { modified } = functionTimes(universe, cell, index);
  const stream = source.includes(':dynamodb:');
  const enabled = unit(...key('enabled')) < 0.92;
  const out: Output = {
    UUID: uuidOf(...key('uuid')),
    BatchSize: stream ? pick([100, 100, 500, 1000], ...key('batch')) : pick([10, 10, 5, 1], ...key('batch')),
    MaximumBatchingWindowInSeconds: pick([0, 0, 1, 5], ...key('window')),
    EventSourceArn: source,
    FunctionArn: functionArnAt(universe, cell, index),
    LastModified: new Date(modified.getTime() + intBetween(60, 30 * 86_400, ...key('at')) * 1000),
    State: enabled ? 'Enabled' : 'Disabled',
    StateTransitionReason: 'USER_INITIATED',
  };
  if (unit(...key('partial')) < 0.4) out.FunctionResponseTypes = ['ReportBatchItemFailures'];
  if (stream) {
    Object.assign(out, {
      StartingPosition: pick(['LATEST', 'TRIM_HORIZON'], ...key('position')),
      ParallelizationFactor: pick([1, 1, 2, 10], ...key('parallel')),
      LastProcessingResult: enabled ? 'OK' : 'No records processed',
      DestinationConfig: { OnFailure: {} },
      MaximumRecordAgeInSeconds: -1,
      BisectBatchOnFunctionError: unit(...key('bisect')) < 0.3,
      MaximumRetryAttempts: -1,
      TumblingWindowInSeconds: 0,
    });
  } else if (unit(...key('scaling')) < 0.3) {
    out.ScalingConfig = { MaximumConcurrency: pick([2, 5, 10, 50], ...key('concurrency')) };
  }
  return out;
}

/** Every mapping of one function, in source order. */
function functionMappings(universe: Universe, cell: Cell, index: number): Output[] {
  return mappingSources(universe, cell, index).map((source, m) => mappingAt(universe, cell, index, m, source));
}

/**
 * The cell's mappings in function order. Offsets are summed once per request (O(functions), as
 * the count rule is), then each requested item is found by binary search.
 */
function cellMappings(universe: Universe, cell: Cell): { total: number; at: (i: number) => Output } {
  const functions = functionCount(universe, cell);
  const starts = new Array<number>(functions + 1);
  starts[0] = 0;
  const sizes = cellSizes(universe, cell);
  for (let f = 0; f < functions; f++) starts[f + 1] = (starts[f] ?? 0) + sourceRefs(universe, cell, f, sizes).length;
  const total = starts[functions] ?? 0;
  let cached: { index: number; mappings: Output[] } | undefined;
  const at = (i: number): Output => {
    let low = 0;
    let high = functions - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= i) low = mid;
      else high = mid - 1;
    }
    if (cached?.index !== low) cached = { index: low, mappings: functionMappings(universe, cell, low) };
    return cached.mappings[i - (starts[low] ?? 0)] as Output;
  };
  return { total, at };
}

/**
 * ListEventSourceMappings: every mapping of the region, or those of one function (name or ARN, an
 * unknown function is ResourceNotFoundException) and/or of one EventSourceArn.
 */
export function listEventSourceMappings(input: Input, ctx: RequestContext): Output {
  const { universe, cell } = ctx;
  const source = typeof input.EventSourceArn === 'string' && input.EventSourceArn !== '' ? input.EventSourceArn : undefined;
  const filter = source === undefined ? undefined : (item: unknown) => (item as Output).EventSourceArn === source;
  if (typeof input.FunctionName === 'string' && input.FunctionName !== '') {
    // Mappings are on the unqualified function; a version or alias of it has none.
    const target = resolveFunction(input.FunctionName, undefined, ctx, ['latest', 'version', 'alias']);
    const mappings = target.kind === 'latest' ? functionMappings(universe, cell, target.index) : [];
    return paginate(input, ctx, mappings.length, (m) => mappings[m], { ...PAGES, filter });
  }
  const all = cellMappings(universe, cell);
  return paginate(input, ctx, all.total, all.at, { ...PAGES, filter });
}
