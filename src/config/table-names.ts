/**
 * Table selection patterns as CloudQuery writes them: a name, or a glob where `*` matches any run
 * of characters and `?` one character (`aws_ec2_*`, `*`).
 */

export function isGlob(pattern: string): boolean {
  return /[*?]/.test(pattern);
}

export function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .split('')
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`);
}

export function matchesTable(pattern: string, table: string): boolean {
  return isGlob(pattern) ? globToRegExp(pattern).test(table) : pattern === table;
}

/**
 * Why a pattern selects nothing among the known tables, or undefined when it selects something.
 * A misspelt name would otherwise sync nothing in silence.
 */
export function tablePatternProblem(pattern: string, knownTables: ReadonlyArray<string>): string | undefined {
  if (knownTables.some((table) => matchesTable(pattern, table))) return undefined;
  return isGlob(pattern) ? `pattern "${pattern}" matches no table` : `unknown table "${pattern}"`;
}
