/**
 * The awscli side of the baseline scenario: the shell loop a user writes when they have no
 * inventory tool. One awscli command per canopy table: the table's own top-level list call, with
 * the arguments the table passes (awscli pages through the results by itself). canopy does more
 * with each table: the per-item describe and detail calls, and typed rows in a database.
 */

/** canopy table -> the awscli command that lists what it lists. */
export const awsCommands: Readonly<Record<string, string>> = {
  aws_cloudtrail_trails: 'cloudtrail describe-trails --no-include-shadow-trails',
  aws_dynamodb_tables: 'dynamodb list-tables',
  aws_ec2_ebs_volumes: 'ec2 describe-volumes',
  aws_ec2_eips: 'ec2 describe-addresses --filters Name=domain,Values=vpc',
  aws_ec2_images: 'ec2 describe-images --owners self',
  aws_ec2_instances: 'ec2 describe-instances',
  aws_ec2_internet_gateways: 'ec2 describe-internet-gateways',
  aws_ec2_nat_gateways: 'ec2 describe-nat-gateways',
  aws_ec2_network_interfaces: 'ec2 describe-network-interfaces',
  aws_ec2_route_tables: 'ec2 describe-route-tables',
  aws_ec2_security_groups: 'ec2 describe-security-groups',
  aws_ec2_subnets: 'ec2 describe-subnets',
  aws_ec2_vpcs: 'ec2 describe-vpcs',
  aws_ecs_clusters: 'ecs list-clusters',
  aws_eks_clusters: 'eks list-clusters',
  aws_iam_groups: 'iam list-groups',
  aws_iam_policies: 'iam get-account-authorization-details --filter LocalManagedPolicy AWSManagedPolicy',
  aws_iam_roles: 'iam list-roles',
  aws_iam_users: 'iam list-users',
  aws_kms_keys: 'kms list-keys',
  aws_lambda_functions: 'lambda list-functions',
  aws_rds_clusters: 'rds describe-db-clusters',
  aws_rds_instances: 'rds describe-db-instances',
  aws_regions: 'ec2 describe-regions --all-regions',
  aws_s3_buckets: 's3api list-buckets',
  aws_sns_topics: 'sns list-topics',
};

/**
 * Tables left out, and why: the comparison holds only for calls both sides can make.
 * - aws_sqs_queues: Debian's awscli (2.9) speaks SQS's query protocol; the sandbox answers SQS
 *   only in the JSON protocol current SDKs use (real SQS accepts both).
 * - aws_cloudtrail_events: incremental (a cursor per account and region), not a listing.
 * - aws_organizations_*: readable only from the management account; the loop lists them once
 *   anyway to find the accounts.
 */
export const leftOut = ['aws_sqs_queues', 'aws_cloudtrail_events', 'aws_organizations_accounts', 'aws_organizations_organizational_units'];

export interface LoopTable {
  name: string;
  scope: 'regional' | 'global';
}

const quote = (text: string): string => `'${text.replaceAll("'", "'\\''")}'`;

/**
 * The script. It finds the accounts itself (organizations list-accounts), assumes
 * OrganizationAccountAccessRole in each member (the management account uses the caller's keys),
 * and for each region runs every regional table's command, global ones once per account, each
 * into $out/<account>/<region|global>/<table>.json. A failed command is counted, not fatal, as a
 * user's loop would carry on. `times` leaves the CPU of all those awscli processes in times.txt.
 */
export function loopScript(options: { aws: string; endpoint: string; regions: readonly string[]; tables: readonly LoopTable[] }): string {
  const line = (t: LoopTable): string => {
    const command = awsCommands[t.name];
    if (!command) throw new Error(`baseline: no awscli command for ${t.name}`);
    return `  ${quote(`${t.name}:${command}`)}`;
  };
  const regional = options.tables.filter((t) => t.scope === 'regional').map(line);
  const global = options.tables.filter((t) => t.scope === 'global').map(line);
  return `#!/usr/bin/env bash
# Inventory without an inventory tool: every account x region x resource type, one awscli call each.
set -uo pipefail
out="$1"
regions=(${options.regions.map(quote).join(' ')})
regional=(
${regional.join('\n')}
)
global=(
${global.join('\n')}
)
aws() { ${quote(options.aws)} --endpoint-url ${quote(options.endpoint)} --output json "$@"; }

failures=0
me=$(aws sts get-caller-identity --query Account --output text)
accounts=$(aws organizations list-accounts --query "Accounts[?Status=='ACTIVE'].Id" --output text)

# Runs one table's command with the account's keys into its JSON file.
fetch() {
  local dir="$1" region="$2" entry="$3"
  local name="\${entry%%:*}" command="\${entry#*:}"
  mkdir -p "$dir"
  # shellcheck disable=SC2086 # the command's words are meant to split
  if ! AWS_ACCESS_KEY_ID="$key" AWS_SECRET_ACCESS_KEY="$secret" AWS_SESSION_TOKEN="$token" \\
      aws --region "$region" $command > "$dir/$name.json"; then
    failures=$((failures + 1))
  fi
}

for account in $accounts; do
  if [ "$account" = "$me" ]; then
    key="$AWS_ACCESS_KEY_ID" secret="$AWS_SECRET_ACCESS_KEY" token=""
  else
    read -r key secret token < <(aws sts assume-role \\
      --role-arn "arn:aws:iam::$account:role/OrganizationAccountAccessRole" \\
      --role-session-name inventory \\
      --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text)
  fi
  for region in "\${regions[@]}"; do
    for entry in "\${regional[@]}"; do fetch "$out/$account/$region" "$region" "$entry"; done
  done
  for entry in "\${global[@]}"; do fetch "$out/$account/global" "\${regions[0]}" "$entry"; done
done

echo "$failures" > "$out/failures.txt"
times > "$out/times.txt"
`;
}

/** The children's user and system seconds from bash's `times` (its second line: "0m1.234s 0m0.567s"). */
export function childCpuSeconds(times: string): { user: number; system: number } | undefined {
  const line = times.trim().split('\n')[1];
  const parts = line?.trim().split(/\s+/).map((p) => /^(\d+)m([\d.]+)s$/.exec(p));
  if (!parts || parts.length !== 2 || !parts[0] || !parts[1]) return undefined;
  const secondsOf = (m: RegExpExecArray): number => Number(m[1]) * 60 + Number(m[2]);
  return { user: secondsOf(parts[0]), system: secondsOf(parts[1]) };
}
