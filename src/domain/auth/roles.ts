/**
 * API roles. Each role includes every permission of the roles before it:
 * reader (lookups, search, recognition, checks, exports) < translator (TM units, documents,
 * XLIFF/TMX imports) < terminologist (term-base writes) < admin (keys, bulk deletes).
 */

/** Roles in ascending order of permission. */
export const ROLES = ['reader', 'translator', 'terminologist', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** True when `role` is a known role name. */
export function isRole(role: string): role is Role {
  return (ROLES as readonly string[]).includes(role);
}

/** True when a caller with role `have` may do what needs role `need`. */
export function roleAllows(have: Role, need: Role): boolean {
  return ROLES.indexOf(have) >= ROLES.indexOf(need);
}

/** The authenticated caller of a request or CLI command. */
export interface Principal {
  /** Key id, or 0 for the local CLI and the seeding process. */
  keyId: number;
  name: string;
  role: Role;
}

/** The principal the CLI and first-start seeding act as. */
export const SYSTEM_PRINCIPAL: Principal = { keyId: 0, name: 'system', role: 'admin' };
