/** Short, readable renderings of JSON values for history diffs and the conflict view. */

/** A term list as `term (status)` lines; other values as compact JSON; absent as an empty string. */
export function showValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'object' && v !== null && 'term' in v)) {
    return value.map((v: { term: string; status?: string }) => (v.status ? `${v.term} (${v.status})` : v.term)).join('\n');
  }
  if (typeof value === 'object' && value !== null && 'term' in value) {
    const v = value as { term: string; status?: string };
    return v.status ? `${v.term} (${v.status})` : v.term;
  }
  return JSON.stringify(value);
}
