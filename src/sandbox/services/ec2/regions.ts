import type { Region } from '@aws-sdk/client-ec2';
import { knownRegions } from '../../data/regions.js';
import { SandboxError, type Handler } from '../service.js';
import { compileFilters, stringList } from './filters.js';

/**
 * DescribeRegions answers for the caller's account: the regions it can use, or with AllRegions
 * also those it has not opted in to. Regions the sandbox does not serve do not exist for it.
 */
export const describeRegions: Handler = (input, ctx) => {
  const accountId = ctx.cell.accountId;
  const names = stringList(input, 'RegionNames') ?? [];
  const regions: Region[] = [];
  for (const { name } of knownRegions) {
    const status = ctx.universe.regionStatus(accountId, name);
    if (status === undefined) continue;
    regions.push({ Endpoint: `ec2.${name}.amazonaws.com`, RegionName: name, OptInStatus: status });
  }
  const unknown = names.filter((name) => !regions.some((r) => r.RegionName === name));
  if (unknown.length > 0) throw new SandboxError('InvalidParameterValue', `Invalid region names: ${unknown.join(', ')}`);
  const filter = compileFilters<Region>(
    input,
    { 'region-name': (r) => r.RegionName, 'opt-in-status': (r) => r.OptInStatus, endpoint: (r) => r.Endpoint },
    () => undefined,
  );
  // Named regions are reported whatever their status; otherwise only usable ones unless AllRegions.
  const listed = regions.filter((region) =>
    names.length > 0
      ? names.includes(region.RegionName ?? '')
      : input.AllRegions === true || region.OptInStatus !== 'not-opted-in',
  );
  return { Regions: filter ? listed.filter(filter) : listed };
};
