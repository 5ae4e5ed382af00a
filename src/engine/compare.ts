/**
 * Orders strings by UTF-16 code unit, as `<` does. canopy sorts ASCII names and ids (tables,
 * account ids, regions), which need no collation: String#localeCompare would load ICU's collation
 * data, ~6 MiB of resident memory in every sync, for the same order up to where `_` meets a digit.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
