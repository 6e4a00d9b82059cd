import type { Role } from '../../functions/access/principal';

/**
 * Signs in to a running local runtime as a role (`POST /local/login`) and
 * answers the bearer header the ops API wants.
 *
 * @example
 * const auth = await loginAs(runtime.url, 'shift_lead');
 * await fetch(`${runtime.url}/tickets`, { headers: auth });
 */
export async function loginAs(url: string, role: Role, department?: string): Promise<{ authorization: string }> {
  const response = await fetch(`${url}/local/login`, { method: 'POST', body: JSON.stringify({ role, ...(department ? { department } : {}) }) });
  if (response.status !== 200) throw new Error(`local login as ${role} failed: ${response.status} ${await response.text()}`);
  const { token } = (await response.json()) as { token: string };
  return { authorization: `Bearer ${token}` };
}
