/** The RDS engines the sandbox generates, with the settings that follow from the engine. */
export interface Engine {
  engine: string;
  versions: readonly string[];
  port: number;
  licenseModel: string;
  masterUsername: string;
  logs: readonly string[];
  classes: readonly string[];
  /** Short form for identifiers, as teams name their databases (`payments-api-pg-0001`). */
  short: string;
}

export const instanceEngines: readonly Engine[] = [
  {
    engine: 'postgres',
    versions: ['16.3', '15.7', '14.12', '13.15'],
    port: 5432,
    licenseModel: 'postgresql-license',
    masterUsername: 'postgres',
    logs: ['postgresql', 'upgrade'],
    classes: ['db.t3.micro', 'db.t4g.medium', 'db.m6g.large', 'db.r6g.xlarge', 'db.m5.2xlarge'],
    short: 'pg',
  },
  {
    engine: 'mysql',
    versions: ['8.0.39', '8.0.36', '8.0.35', '5.7.44'],
    port: 3306,
    licenseModel: 'general-public-license',
    masterUsername: 'admin',
    logs: ['error', 'slowquery'],
    classes: ['db.t3.small', 'db.t4g.large', 'db.m6i.large', 'db.r6i.xlarge'],
    short: 'mysql',
  },
  {
    engine: 'mariadb',
    versions: ['10.11.8', '10.6.18'],
    port: 3306,
    licenseModel: 'general-public-license',
    masterUsername: 'admin',
    logs: ['error'],
    classes: ['db.t3.medium', 'db.m6g.large'],
    short: 'maria',
  },
  {
    engine: 'sqlserver-se',
    versions: ['15.00.4365.2.v1', '16.00.4125.3.v1'],
    port: 1433,
    licenseModel: 'license-included',
    masterUsername: 'admin',
    logs: ['error'],
    classes: ['db.m5.xlarge', 'db.r5.xlarge'],
    short: 'mssql',
  },
];

export const clusterEngines: readonly Engine[] = [
  {
    engine: 'aurora-postgresql',
    versions: ['16.2', '15.4', '14.9'],
    port: 5432,
    licenseModel: 'postgresql-license',
    masterUsername: 'postgres',
    logs: ['postgresql'],
    classes: ['db.r6g.large', 'db.r6g.xlarge', 'db.r7g.large', 'db.serverless'],
    short: 'aurora-pg',
  },
  {
    engine: 'aurora-mysql',
    versions: ['8.0.mysql_aurora.3.07.1', '8.0.mysql_aurora.3.05.2', '5.7.mysql_aurora.2.12.2'],
    port: 3306,
    licenseModel: 'general-public-license',
    masterUsername: 'admin',
    logs: ['audit', 'error', 'slowquery'],
    classes: ['db.r6g.large', 'db.r5.large', 'db.t4g.medium', 'db.serverless'],
    short: 'aurora-mysql',
  },
];

/** The major version as RDS names it: `16` for PostgreSQL, `8.0` for MySQL, `15.00` for SQL Server. */
function majorVersion(engine: string, version: string): string {
  const [first = '', second = ''] = version.split('.');
  return engine.includes('postgres') ? first : `${first}.${second}`;
}

/** The parameter group family of an engine version: `postgres16`, `mysql8.0`, `sqlserver-se-15.0`. */
export function family(engine: string, version: string): string {
  const major = majorVersion(engine, version);
  return engine.startsWith('sqlserver') ? `${engine}-${major.replace(/0+$/, '0')}` : `${engine}${major}`;
}

/** The default option group of an engine version: `default:postgres-16`, `default:sqlserver-se-15-00`. */
export function defaultOptionGroup(engine: string, version: string): string {
  return `default:${engine}-${majorVersion(engine, version).replace('.', '-')}`;
}
