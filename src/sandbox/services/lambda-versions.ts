import { arnOf } from '../data/common.js';
import type { Cell } from '../data/ids.js';
import { hash32, hexOf, intBetween, pick, unit, uuidOf } from '../data/random.js';
import type { Universe } from '../data/universe.js';
import { buildFunction, functionArnAt, functionCount, functionKey, functionNameAt, functionTimes, lambdaTime } from './lambda-functions.js';
import { indexOfName, parseArn } from './lookup.js';
import { notFound, type Output, type RequestContext } from './service.js';

/**
 * Published versions and aliases of the generated functions. Most functions run on $LATEST only;
 * the rest have a few published versions numbered from 1 (at most 6) and up to three aliases that
 * point at them. Everything is a pure function of the function's coordinates.
 */

export const VERSION_KIND = 'lambda.function_version';
export const ALIAS_KIND = 'lambda.function_alias';

/** How many versions a function has published: heavy-tailed, most none. */
export function publishedCount(universe: Universe, cell: Cell, index: number): number {
  const r = unit(...functionKey(universe, cell, index, 'published'));
  if (r < 0.55) return 0;
  if (r < 0.75) return 1;
  if (r < 0.87) return 2;
  if (r < 0.95) return 3;
  return intBetween(4, 6, ...functionKey(universe, cell, index, 'published-tail'));
}

/** ListVersionsByFunction lists $LATEST and every published version. */
export function listedVersionCount(universe: Universe, cell: Cell, index: number): number {
  return 1 + publishedCount(universe, cell, index);
}

/** When version `version` of `published` was published: spread from creation to $LATEST's last change. */
function publishedAt(universe: Universe, cell: Cell, index: number, version: number, published: number): Date {
  const { created, modified } = functionTimes(universe, cell, index);
  return new Date(created.getTime() + Math.floor(((modified.getTime() - created.getTime()) * version) / published));
}

/**
 * Version `version` (1-based) of a function: $LATEST's configuration as it was when published. The
 * newest published version carries $LATEST's code; older ones their own.
 */
export function versionConfiguration(universe: Universe, cell: Cell, index: number, version: number, latest: Output): Output {
  const published = publishedCount(universe, cell, index);
  const key = (...parts: Array<string | number>) => functionKey(universe, cell, index, 'version', version, ...parts);
  const current = version === published;
  const configuration: Output = {
    ...latest,
    FunctionArn: `${String(latest.FunctionArn)}:${version}`,
    Version: String(version),
    LastModified: lambdaTime(publishedAt(universe, cell, index, version, published)),
    RevisionId: uuidOf(...key('revision')),
  };
  if (!current) {
    configuration.CodeSha256 = Buffer.from(hexOf(64, ...key('sha')), 'hex').toString('base64');
    if (latest.PackageType === 'Zip') configuration.CodeSize = intBetween(400, 48_000_000, ...key('size'));
  }
  return configuration;
}

/** Every version ListVersionsByFunction lists, in its order: $LATEST, then 1, 2, ... */
export function listedVersionAt(universe: Universe, cell: Cell, index: number, position: number, latest: Output): Output {
  return position === 0 ? latest : versionConfiguration(universe, cell, index, position, latest);
}

const aliasNames = ['prod', 'staging', 'dev', 'live', 'canary', 'blue', 'green'];

/** 0 to 3 aliases; functions without published versions rarely have one (it points at $LATEST). */
export function aliasCount(universe: Universe, cell: Cell, index: number): number {
  const r = unit(...functionKey(universe, cell, index, 'aliases'));
  if (publishedCount(universe, cell, index) === 0) return r < 0.08 ? 1 : 0;
  if (r < 0.35) return 0;
  if (r < 0.75) return 1;
  if (r < 0.92) return 2;
  return 3;
}

/** Alias names of a function: consecutive names from a rotating list, so they are distinct. */
export function aliasName(universe: Universe, cell: Cell, index: number, alias: number): string {
  const start = hash32(...functionKey(universe, cell, index, 'alias-start'));
  return aliasNames[(start + alias) % aliasNames.length] as string;
}

/** The version an alias points at: the first at the newest published version, others anywhere. */
export function aliasVersion(universe: Universe, cell: Cell, index: number, alias: number): string {
  const published = publishedCount(universe, cell, index);
  if (published === 0) return '$LATEST';
  if (alias === 0) return String(published);
  return pick(['$LATEST', ...Array.from({ length: published }, (_, v) => String(v + 1))], ...functionKey(universe, cell, index, 'alias', alias));
}

export function aliasArnAt(universe: Universe, cell: Cell, index: number, alias: number): string {
  return `${functionArnAt(universe, cell, index)}:${aliasName(universe, cell, index, alias)}`;
}

/** The AliasConfiguration shape; the first alias of a function with two versions may shift traffic. */
export function aliasAt(universe: Universe, cell: Cell, index: number, alias: number): Output {
  const key = (...parts: Array<string | number>) => functionKey(universe, cell, index, 'alias', alias, ...parts);
  const name = aliasName(universe, cell, index, alias);
  const version = aliasVersion(universe, cell, index, alias);
  const out: Output = {
    AliasArn: aliasArnAt(universe, cell, index, alias),
    Name: name,
    FunctionVersion: version,
    Description: pick(['', `${name} traffic`, 'Managed by Terraform'], ...key('description')),
    RevisionId: uuidOf(...key('revision')),
  };
  const published = publishedCount(universe, cell, index);
  if (alias === 0 && published >= 2 && unit(...key('routing')) < 0.25) {
    out.RoutingConfig = { AdditionalVersionWeights: { [String(published - 1)]: pick([0.05, 0.1, 0.25], ...key('weight')) } };
  }
  return out;
}

/** What a qualified function name points at. */
export type Target =
  | { index: number; kind: 'latest' }
  | { index: number; kind: 'version'; version: number }
  | { index: number; kind: 'alias'; alias: number };

/** Which qualifiers an operation accepts (function URLs: $LATEST and aliases only). */
export type TargetKinds = ReadonlyArray<Target['kind']>;

function qualifierTarget(universe: Universe, cell: Cell, index: number, qualifier: string): Target | undefined {
  if (qualifier === '$LATEST') return { index, kind: 'latest' };
  if (/^[1-9]\d*$/.test(qualifier)) {
    const version = Number(qualifier);
    return version <= publishedCount(universe, cell, index) ? { index, kind: 'version', version } : undefined;
  }
  const aliases = aliasCount(universe, cell, index);
  for (let alias = 0; alias < aliases; alias++) {
    if (aliasName(universe, cell, index, alias) === qualifier) return { index, kind: 'alias', alias };
  }
  return undefined;
}

/**
 * The function a FunctionName names: a name, a full ARN or a partial ARN (`<account>:function:<name>`),
 * each optionally qualified inline or with `Qualifier` by $LATEST, a published version or an alias.
 * Anything else, or a qualifier kind the operation does not take, is ResourceNotFoundException.
 */
export function resolveFunction(text: string, qualifier: unknown, ctx: RequestContext, accept: TargetKinds = ['latest']): Target {
  const { universe, cell } = ctx;
  let rest: string | undefined = text;
  if (text.startsWith('arn:')) {
    const arn = parseArn(text);
    const own = arn?.service === 'lambda' && arn.region === cell.region && arn.accountId === cell.accountId;
    rest = own && arn.resource.startsWith('function:') ? arn.resource.slice('function:'.length) : undefined;
  } else {
    const partial = /^(\d{12}):function:(.+)$/.exec(text);
    if (partial) rest = partial[1] === cell.accountId ? partial[2] : undefined;
  }
  const [name = '', inline, ...extra] = (rest ?? '').split(':');
  const version = inline ?? (typeof qualifier === 'string' && qualifier !== '' ? qualifier : '$LATEST');
  const index =
    rest !== undefined && extra.length === 0 ? indexOfName(name, functionCount(universe, cell), (i) => functionNameAt(universe, cell, i)) : undefined;
  const target = index === undefined ? undefined : qualifierTarget(universe, cell, index, version);
  if (!target || !accept.includes(target.kind)) {
    const shown = arnOf('lambda', cell.region, cell.accountId, `function:${name || text}`);
    throw notFound('ResourceNotFoundException', `Function not found: ${version === '$LATEST' ? shown : `${shown}:${version}`}`);
  }
  return target;
}

/** The configuration GetFunction answers for a target: an alias answers its version's, under the alias ARN. */
export function targetConfiguration(universe: Universe, cell: Cell, target: Target): Output {
  const latest = buildFunction(universe, cell, target.index).configuration;
  if (target.kind === 'latest') return latest;
  if (target.kind === 'version') return versionConfiguration(universe, cell, target.index, target.version, latest);
  const version = aliasVersion(universe, cell, target.index, target.alias);
  const base = version === '$LATEST' ? latest : versionConfiguration(universe, cell, target.index, Number(version), latest);
  return { ...base, FunctionArn: aliasArnAt(universe, cell, target.index, target.alias) };
}

/** The ARN a target answers to: unqualified for $LATEST, `:N` for a version, `:alias` for an alias. */
export function targetArn(universe: Universe, cell: Cell, target: Target): string {
  const arn = functionArnAt(universe, cell, target.index);
  if (target.kind === 'latest') return arn;
  if (target.kind === 'version') return `${arn}:${target.version}`;
  return aliasArnAt(universe, cell, target.index, target.alias);
}
