/**
 * A verified token's claims as a principal. The user pool's groups are the
 * roles (`cognito:groups`); a department is the group `department:<id>` or
 * the `custom:department` claim with the group `department`.
 */
import { NotAuthenticatedError } from './errors';
import { isRole, type Principal, type Role } from './principal';
import { DISCIPLINE_OFFICE_DEPARTMENT } from './policy';

const DEPARTMENT_GROUP = /^department:([A-Za-z0-9][A-Za-z0-9_-]{0,63})$/;
const DEPARTMENT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/**
 * The principal a verified token names, or NotAuthenticatedError when its
 * groups name no role, an unknown group, or more than one role.
 *
 * @example
 * principalFromClaims({ sub: 'u1', 'cognito:groups': ['department:repair-HZ-XIHU'] });
 * // { subject: 'u1', role: 'department', departmentId: 'repair-HZ-XIHU' }
 */
export function principalFromClaims(claims: Readonly<Record<string, unknown>>): Principal {
  const subject = claims.sub;
  if (typeof subject !== 'string' || subject === '') throw new NotAuthenticatedError('Token names no subject');
  const groups = claims['cognito:groups'];
  if (!Array.isArray(groups) || groups.length === 0) throw new NotAuthenticatedError('Token names no role');

  const roles = new Set<Role>();
  const departments = new Set<string>();
  for (const group of groups) {
    const department = typeof group === 'string' ? DEPARTMENT_GROUP.exec(group) : null;
    if (department) {
      roles.add('department');
      departments.add(department[1] as string);
    } else if (typeof group === 'string' && isRole(group)) {
      roles.add(group);
    } else {
      throw new NotAuthenticatedError('Token names an unknown group');
    }
  }
  const claimed = claims['custom:department'];
  if (typeof claimed === 'string' && claimed !== '') {
    if (!DEPARTMENT_ID.test(claimed)) throw new NotAuthenticatedError('Token names a malformed department');
    departments.add(claimed);
  }
  if (roles.size !== 1) throw new NotAuthenticatedError('Token must name exactly one role');
  const role = [...roles][0] as Role;
  if (role === 'discipline_office') return { subject, role, departmentId: DISCIPLINE_OFFICE_DEPARTMENT };
  if (role !== 'department') return { subject, role };
  if (departments.size !== 1) throw new NotAuthenticatedError('A department token must name exactly one department');
  return { subject, role, departmentId: [...departments][0] as string };
}
