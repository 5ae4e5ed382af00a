/**
 * The "plain script" of the cpu-per-resource scenario: the same List/Describe/Get calls canopy's
 * tables make, through the same SDK v3 client and command classes, with the same paging, and the
 * results thrown away. It walks canopy's table declarations (list, seed/recurse, get, details,
 * child tables, incremental inputs) because those are the calls; it builds no rows, keeps no
 * summary, classifies no errors and writes nothing, which is the work canopy adds on top.
 *
 * What a careful hand-written script would also do, it does as canopy does: one client per
 * (account, region, service) sharing one keep-alive HTTP handler, and 64 partitions in flight.
 */
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { valuesAt } from '../../src/engine/pages.js';
import type { CallRef, Details, Item, PartitionContext, Table } from '../../src/engine/table.js';
import { serviceModels } from '../../src/models/index.js';
import { tables as registry } from '../../src/tables/index.js';

export interface PlainJob {
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  managementAccountId: string;
  memberRoleName: string;
  /** Accounts to read, each with the regions canopy read there (its DescribeRegions call is repeated). */
  accounts: Array<{ id: string; regions: string[] }>;
  /** Every table canopy read, children included (a child is read only if listed here). */
  tables: string[];
  /** The top-level (table, account, region) partitions canopy read; child tables ride along. */
  partitions: Array<{ table: string; accountId: string; region: string }>;
  concurrency: number;
}

export interface PlainCounts {
  calls: number;
  /** Calls that failed (access denied where canopy skips a partition, not-found details). */
  errors: number;
  items: number;
}

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
type Client = { send(command: unknown): Promise<Item>; destroy(): void };
type ClientClass = new (config: object) => Client;

const DEFAULT_REGION = 'us-east-1';

export class PlainWalker {
  readonly counts: PlainCounts = { calls: 0, errors: 0, items: 0 };
  private readonly handler = new NodeHttpHandler({ httpAgent: { keepAlive: true, maxSockets: 50 } });
  private readonly clients = new Map<string, Client>();
  private readonly credentials = new Map<string, Credentials>();
  private readonly children = new Map<string, Table[]>();
  private readonly byName = new Map<string, Table>();

  constructor(private readonly job: PlainJob) {
    const selected = new Set(job.tables);
    for (const table of registry) {
      if (!selected.has(table.name)) continue;
      this.byName.set(table.name, table);
      if (table.parent) this.children.set(table.parent.table, [...(this.children.get(table.parent.table) ?? []), table]);
    }
  }

  /** Discovery's calls (GetCallerIdentity, ListAccounts, AssumeRole, GetCallerIdentity, DescribeRegions), then every partition. */
  async run(): Promise<void> {
    const admin = this.job.credentials;
    this.credentials.set(this.job.managementAccountId, admin);
    const sts = this.client(this.job.managementAccountId, DEFAULT_REGION, STSClient as unknown as ClientClass);
    await this.send(sts, new GetCallerIdentityCommand({}));
    const org = this.client(this.job.managementAccountId, DEFAULT_REGION, OrganizationsClient as unknown as ClientClass);
    let token: string | undefined;
    do {
      const page = await this.send(org, new ListAccountsCommand({ NextToken: token }));
      token = page?.NextToken as string | undefined;
    } while (token);
    for (const account of this.job.accounts) {
      if (account.id !== this.job.managementAccountId) {
        const roleArn = `arn:aws:iam::${account.id}:role/${this.job.memberRoleName}`;
        const out = await this.send(sts, new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'bench-plain' }));
        const c = out?.Credentials as { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } | undefined;
        this.credentials.set(account.id, { accessKeyId: c?.AccessKeyId ?? '', secretAccessKey: c?.SecretAccessKey ?? '', sessionToken: c?.SessionToken });
      }
      // canopy checks every account's credentials before it reads there.
      await this.send(this.client(account.id, DEFAULT_REGION, STSClient as unknown as ClientClass), new GetCallerIdentityCommand({}));
      await this.send(this.client(account.id, DEFAULT_REGION, EC2Client as unknown as ClientClass), new DescribeRegionsCommand({ AllRegions: true }));
    }
    const queue = [...this.job.partitions];
    const worker = async () => {
      for (let p = queue.shift(); p; p = queue.shift()) {
        const table = this.byName.get(p.table);
        if (table) await this.partition(table, { accountId: p.accountId, region: p.region, partition: 'aws' });
      }
    };
    await Promise.all(Array.from({ length: this.job.concurrency }, worker));
  }

  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.handler.destroy();
  }

  private config(credentials: Credentials, region: string): object {
    return { region, endpoint: this.job.endpoint, credentials, forcePathStyle: true, disableHostPrefix: true, requestHandler: this.handler };
  }

  private client(accountId: string, region: string, clientClass: ClientClass): Client {
    const key = `${accountId}/${region}/${clientClass.name}`;
    let client = this.clients.get(key);
    if (!client) {
      client = new clientClass(this.config(this.credentials.get(accountId) ?? this.job.credentials, region));
      this.clients.set(key, client);
    }
    return client;
  }

  /** One call; an error is counted and answered with undefined, where canopy skips the item or partition. */
  private async send(client: Client, command: unknown): Promise<Item | undefined> {
    this.counts.calls += 1;
    try {
      return await client.send(command);
    } catch {
      this.counts.errors += 1;
      return undefined;
    }
  }

  private call(ctx: PartitionContext, ref: CallRef, input: Item): Promise<Item | undefined> {
    const Command = ref.command as unknown as new (input: Item) => unknown;
    return this.send(this.client(ctx.accountId, ctx.region, ref.client as unknown as ClientClass), new Command(input));
  }

  private async partition(table: Table, ctx: PartitionContext): Promise<void> {
    const incremental = table.incremental;
    if (!incremental) return this.table(table, ctx);
    for (const query of incremental.queries?.(undefined) ?? [{}]) await this.table(table, ctx, undefined, incremental.input(undefined, ctx, query));
  }

  /** Every page of one list call, following the model's paginator; false once a page failed. */
  private async pages(table: Table, list: { call: CallRef; operation: string; items: string }, ctx: PartitionContext, base: Item, each: (values: unknown[]) => Promise<void>): Promise<boolean> {
    const paginator = serviceModels[table.service]?.paginators[list.operation];
    const inputToken = [paginator?.input_token].flat()[0];
    const outputToken = [paginator?.output_token].flat()[0];
    let token: unknown;
    do {
      const page = await this.call(ctx, list.call, inputToken && token !== undefined ? { ...base, [inputToken]: token } : base);
      if (!page) return false;
      await each(valuesAt(page, list.items));
      token = outputToken ? page[outputToken] : undefined;
      if (paginator?.more_results && page[paginator.more_results] !== true) token = undefined;
    } while (token !== undefined && token !== null && token !== '');
    return true;
  }

  private async table(table: Table, ctx: PartitionContext, parent?: { item: Item; row: Item }, input?: Item): Promise<void> {
    if (parent && table.parent?.when && !table.parent.when(parent.item, ctx)) return;
    const region = parent && table.parent?.region ? table.parent.region(parent.item, parent.row) : undefined;
    const where = region ? { ...ctx, region } : ctx;
    const { list } = table;
    const queue: Item[] = [];
    if (parent && table.parent) queue.push(table.parent.input(parent.item, ctx));
    else if (list.seed && !input) {
      const seed = list.seed;
      const ok = await this.pages(table, seed, where, list.input?.(ctx) ?? {}, async (values) => {
        for (const value of values) queue.push(seed.input(value, ctx));
      });
      if (!ok) return;
    } else queue.push(input ?? list.input?.(ctx) ?? {});
    const listed = new Set<string>();
    for (let base = queue.shift(); base !== undefined; base = queue.shift()) {
      const key = JSON.stringify(base);
      if (listed.has(key)) continue;
      listed.add(key);
      const ok = await this.pages(table, list, where, base, async (values) => {
        for (const item of await this.items(table, values, where, parent?.item)) await this.item(table, item, ctx, where);
        if (list.recurse) for (const value of values) queue.push(...[list.recurse(value, ctx)].filter((v): v is Item => v !== undefined));
      });
      if (!ok) return;
    }
  }

  private async items(table: Table, listed: unknown[], ctx: PartitionContext, parent?: Item): Promise<Item[]> {
    const get = table.get;
    if (!get) return listed.filter((v): v is Item => typeof v === 'object' && v !== null);
    const items: Item[] = [];
    const size = get.batch ?? 1;
    for (let i = 0; i < listed.length; i += size) {
      const chunk = get.batch ? listed.slice(i, i + size) : listed[i];
      const output = await this.call(ctx, get.call, get.input(chunk, ctx, parent));
      if (!output) continue;
      const described = valuesAt(output, get.items).filter((v): v is Item => typeof v === 'object' && v !== null);
      // Details and children may read the listed value the output does not repeat (SQS's queue URL).
      const key = get.batch ? undefined : get.listed;
      items.push(...(key ? described.map((item) => ({ ...item, [key]: chunk })) : described));
    }
    return items;
  }

  private async item(table: Table, item: Item, ctx: PartitionContext, where: PartitionContext): Promise<void> {
    this.counts.items += 1;
    const details: Details = {};
    for (const [name, detail] of Object.entries(table.details ?? {})) {
      if (detail.when && !detail.when(item, where)) continue;
      const at = { ...where, region: detail.region?.(item, details) ?? where.region };
      details[name] = await this.call(at, detail.call, detail.input(item, at));
    }
    const children = this.children.get(table.name);
    if (!children) return;
    // Children that send their calls to the parent's own region read it from the parent's row
    // (an S3 bucket's): that one column is computed, no other.
    const row: Item = { region: table.columns?.region?.value(item, ctx, details) ?? ctx.region };
    for (const child of children) await this.table(child, ctx, { item, row });
  }
}
