/**
 * Column names as CloudQuery derives them from API member names, so SQL written against
 * CloudQuery's tables runs unchanged: `InstanceId` -> `instance_id`, `DBInstanceIdentifier` ->
 * `db_instance_identifier`, `AccountID` -> `account_id`, `IDs` -> `ids`. CloudQuery splits words at
 * capitals, keeps runs of capitals together (leaving the last one to the next word), and treats
 * Go's common initialisms as words of their own.
 */
const initialisms = new Set([
  'ACL', 'API', 'ASCII', 'CIDR', 'CPU', 'CSS', 'DNS', 'EOF', 'FQDN', 'GUID', 'HTML', 'HTTP', 'HTTPS', 'ID', 'IP',
  'IPC', 'IPv4', 'IPv6', 'JSON', 'LHS', 'PID', 'QOS', 'QPS', 'RAM', 'RHS', 'RPC', 'SLA', 'SMTP', 'SQL', 'SSH',
  'TCP', 'TLS', 'TTL', 'UDP', 'UI', 'UID', 'UUID', 'URI', 'URL', 'UTF8', 'VM', 'XML', 'XMPP', 'XSRF', 'XSS',
]);

const isUpper = (c: string | undefined): boolean => c !== undefined && c !== c.toLowerCase() && c === c.toUpperCase();

/** The longest initialism (2 to 5 characters) the text starts with, or ''. */
function leadingInitialism(text: string): string {
  let found = '';
  for (let n = 1; n <= Math.min(5, text.length); n++) if (initialisms.has(text.slice(0, n))) found = text.slice(0, n);
  return found;
}

/** A run of two or more capitals, minus the last when a lower-case letter follows it. */
function leadingCapitals(text: string): string {
  let n = 0;
  while (n < text.length && isUpper(text[n])) n++;
  if (n === text.length) return text;
  return n <= 1 ? '' : text.slice(0, n - 1);
}

export function toSnakeCase(name: string): string {
  const words: string[] = [];
  let start = 0;
  for (let i = 1; i < name.length; i++) {
    if (!isUpper(name[i])) continue;
    const rest = name.slice(start);
    const word = leadingInitialism(rest) || leadingCapitals(rest);
    if (word) {
      words.push(word);
      start += word.length;
      // The character after the word begins the next one; it is not a boundary itself.
      i = start;
      continue;
    }
    words.push(name.slice(start, i));
    start = i;
  }
  const tail = name.slice(start);
  // Plurals of initialisms stay one word: IDs -> ids, CIDRs -> cidrs.
  if (tail === 's' && words.length > 0) words[words.length - 1] += tail;
  else if (tail !== '') words.push(tail);
  return words
    .map((w) => w.replace(/ /g, '_').toLowerCase())
    .join('_')
    .replace(/__+/g, '_')
    .replace(/^_|_$/g, '');
}
