/**
 * Who is asking: a signed-in person of the centre or a department, with one
 * role (DOMAIN.md, "Roles in the centre"). Plain data; tokens become
 * principals in token-claims.ts.
 */
export const ROLES = ['agent', 'shift_lead', 'supervisor', 'quality_inspector', 'discipline_office', 'department'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  /** The token's subject (the user pool's user id); never a phone number or e-mail. */
  readonly subject: string;
  readonly role: Role;
  /** The department a `department` principal answers for (e.g. `repair-HZ-XIHU`); absent for every other role. */
  readonly departmentId?: string;
}

/**
 * Whether a string names a role.
 *
 * @example
 * isRole('shift_lead'); // true
 */
export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
