/** The commercial AWS regions the sandbox knows, and whether an account must opt in to each. */
export const knownRegions: ReadonlyArray<{ name: string; optIn: boolean }> = [
  { name: 'af-south-1', optIn: true },
  { name: 'ap-east-1', optIn: true },
  { name: 'ap-northeast-1', optIn: false },
  { name: 'ap-northeast-2', optIn: false },
  { name: 'ap-northeast-3', optIn: false },
  { name: 'ap-south-1', optIn: false },
  { name: 'ap-south-2', optIn: true },
  { name: 'ap-southeast-1', optIn: false },
  { name: 'ap-southeast-2', optIn: false },
  { name: 'ap-southeast-3', optIn: true },
  { name: 'ap-southeast-4', optIn: true },
  { name: 'ca-central-1', optIn: false },
  { name: 'ca-west-1', optIn: true },
  { name: 'eu-central-1', optIn: false },
  { name: 'eu-central-2', optIn: true },
  { name: 'eu-north-1', optIn: false },
  { name: 'eu-south-1', optIn: true },
  { name: 'eu-south-2', optIn: true },
  { name: 'eu-west-1', optIn: false },
  { name: 'eu-west-2', optIn: false },
  { name: 'eu-west-3', optIn: false },
  { name: 'il-central-1', optIn: true },
  { name: 'me-central-1', optIn: true },
  { name: 'me-south-1', optIn: true },
  { name: 'sa-east-1', optIn: false },
  { name: 'us-east-1', optIn: false },
  { name: 'us-east-2', optIn: false },
  { name: 'us-west-1', optIn: false },
  { name: 'us-west-2', optIn: false },
];

const known = new Set(knownRegions.map((r) => r.name));

export function isKnownRegion(name: string): boolean {
  return known.has(name);
}

export function isOptInRegion(name: string): boolean {
  return knownRegions.some((r) => r.name === name && r.optIn);
}

/** Three availability zones per region, as most regions have. */
export function availabilityZones(region: string): string[] {
  return ['a', 'b', 'c'].map((letter) => `${region}${letter}`);
}
