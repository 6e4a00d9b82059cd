// Sign-in: the local demo sign-in (a role, and a department for the
// department role), or in AWS the user pool's hosted UI.
import { h } from '../dom.js';
import { localSignIn } from '../auth.js';

const ROLES = ['department', 'discipline_office', 'shift_lead', 'supervisor', 'quality_inspector', 'agent'];

export function mount(root, ctx) {
  const { t, config } = ctx;
  const error = h('p', { class: 'error', role: 'alert', 'data-testid': 'signin-error' }, ctx.signInError ?? '');
  // Why the page is here again: the session ended and could not be renewed.
  const reason = ctx.signInReason ? h('p', { class: 'notice', role: 'status', 'data-testid': 'signin-reason' }, t(`signInReason.${ctx.signInReason}`)) : null;
  if (config.signIn === 'cognito') {
    root.append(h('section', { class: 'panel signin' }, h('h2', {}, t('signIn')), reason, h('button', { type: 'button', onclick: () => ctx.startCognito(), 'data-testid': 'signin-cognito' }, t('signInWithPool')), error));
    return {};
  }
  const department = h('select', { name: 'department', 'data-testid': 'signin-department' }, (config.departments ?? []).map((d) => h('option', { value: d.departmentId }, `${d.name} (${d.departmentId})`)));
  const departmentField = h('label', {}, h('span', {}, t('department')), department);
  const role = h('select', { name: 'role', 'data-testid': 'signin-role', onchange: () => { departmentField.hidden = role.value !== 'department'; } }, ROLES.map((r) => h('option', { value: r }, t(`role.${r}`))));
  const form = h('form', { class: 'panel signin', 'data-testid': 'signin-form' },
    h('h2', {}, t('signIn')),
    reason,
    h('p', { class: 'note' }, t('localSignInNote')),
    h('label', {}, h('span', {}, t('role')), role),
    departmentField,
    h('button', { type: 'submit', 'data-testid': 'signin-submit' }, t('signIn')),
    error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    try {
      ctx.signedIn(await localSignIn(config, role.value, department.value));
    } catch (failure) {
      error.textContent = `${t('signInFailed')} ${failure.message}`;
    }
  });
  root.append(form);
  return {};
}
