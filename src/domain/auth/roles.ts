/**
 * API roles and scopes. Each role includes every permission of the roles before it:
 * reader (lookups, search, recognition, checks, exports) < translator (TM units, documents,
 * XLIFF/TMX imports) < terminologist (term-base writes) < admin (keys, collections, bulk deletes).
 *
 * A scope says which collections (memories, glossaries) a key reaches: every one (`'*'`) or the
 * listed ids. A collection outside the scope does not exist for that key.
 */
import type { MemoryRef } from '../collections.js';

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

/** The kinds of collection a scope covers. */
export type CollectionKind = 'memories' | 'glossaries';

/** Which collections a key reaches, per kind: all of them, or the listed ids. */
export type Scope = Record<CollectionKind, '*' | readonly string[]>;

/** The scope of a key that reaches every collection. */
export const FULL_SCOPE: Scope = Object.freeze({ memories: '*', glossaries: '*' });

/** True when `scope` reaches the collection `id` of `kind`. */
export function inScope(scope: Scope, kind: CollectionKind, id: string): boolean {
  const allowed = scope[kind];
  return allowed === '*' || allowed.includes(id);
}

/**
 * What a link key carries besides its role and scope (issue 15): a link key travels inside the
 * URL a translation tool calls, and that tool can name neither memories nor penalties, so the
 * key does. `memories` are read in that order with those penalties (absent: every memory in
 * scope, in id order); `writeMemory` receives the tmserver protocol's writes (absent: none).
 */
export interface LinkSettings {
  memories?: MemoryRef[];
  writeMemory?: string;
}

/** The authenticated caller of a request or CLI command. */
export interface Principal {
  /** Key id, or 0 for the local CLI and the seeding process. */
  keyId: number;
  name: string;
  role: Role;
  scope: Scope;
}

/** The principal the CLI and first-start seeding act as. */
export const SYSTEM_PRINCIPAL: Principal = { keyId: 0, name: 'system', role: 'admin', scope: FULL_SCOPE };
