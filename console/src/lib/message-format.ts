/** Fills a message's named `{placeholders}` (the console's message catalogues use no other syntax). */

/** Values for a message's placeholders. */
export type Vars = Record<string, string | number>;

/** Replaces `{name}` with its value (numbers through `num`); unknown placeholders stay visible, so a missing value is noticed. */
export function fill(message: string, vars: Vars | undefined, num: (n: number) => string): string {
  if (!vars) return message;
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = vars[name];
    return v === undefined ? whole : typeof v === 'number' ? num(v) : v;
  });
}

/** The placeholder names a message uses, sorted (the catalogues must agree on them). */
export function placeholders(message: string): string[] {
  return [...new Set([...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string))].sort();
}
