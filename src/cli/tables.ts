import type { Command } from 'commander';
import type { Table } from '../engine/table.js';
import { tables } from '../tables/index.js';
import { UsageError } from './errors.js';

interface TableInfo {
  name: string;
  description?: string;
  service: string;
  scope: string;
  parent?: string;
  primaryKey: string[];
  iam: string[];
  columns: Array<{ name: string; type: string; primaryKey: boolean }>;
}

function info(table: Table): TableInfo {
  return {
    name: table.name,
    description: table.description,
    service: table.service,
    scope: table.scope,
    parent: table.parent?.table,
    primaryKey: table.primaryKey,
    iam: table.iam,
    columns: table.schema.columns.map((c) => ({ name: c.name, type: c.type, primaryKey: c.primaryKey === true })),
  };
}

export function tablesMarkdown(list: readonly Table[]): string {
  const out: string[] = ['# Tables', ''];
  for (const t of list.map(info)) {
    out.push(`## ${t.name}`, '');
    if (t.description) out.push(t.description, '');
    out.push(`Service \`${t.service}\`, ${t.scope === 'global' ? 'read once per account' : 'read in every enabled region'}. Primary key: ${t.primaryKey.map((k) => `\`${k}\``).join(', ')}.`);
    if (t.parent) out.push(`Child of \`${t.parent}\`: read once per ${t.parent} row; \`_cq_parent_id\` is that row's \`_cq_id\`.`);
    out.push(`IAM actions: ${t.iam.map((a) => `\`${a}\``).join(', ')}.`, '', '| column | type |', '|---|---|');
    for (const c of t.columns) out.push(`| ${c.name}${c.primaryKey ? ' (PK)' : ''} | ${c.type} |`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

export function registerTables(program: Command): void {
  program
    .command('tables')
    .description('list the tables canopy syncs: columns and types, primary key, parent, IAM actions')
    .option('--format <format>', 'text | json | markdown', 'text')
    .action((flags: { format: string }) => {
      if (flags.format === 'json') process.stdout.write(`${JSON.stringify(tables.map(info), null, 2)}\n`);
      else if (flags.format === 'markdown') process.stdout.write(tablesMarkdown(tables));
      else if (flags.format === 'text') {
        for (const t of tables) process.stdout.write(`${t.name.padEnd(44)} ${t.scope.padEnd(8)} ${String(t.schema.columns.length).padStart(3)} columns  ${t.parent ? `child of ${t.parent.table}` : ''}\n`);
      } else throw new UsageError(`--format must be text, json or markdown, not "${flags.format}"`);
    });
}
