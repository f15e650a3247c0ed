import * as api from '../api.js';
import { announce, field, h, show, showProblem } from '../dom.js';

const destination = (params) => {
  const next = params.get('next') ?? '/';
  return next.startsWith('/') && !next.startsWith('//') ? `#${next}` : '#/';
};

function accountForm(label, fields, submitText, action) {
  const submit = h('button', { type: 'submit', class: 'primary' }, submitText);
  const form = h('form', { 'aria-label': label, novalidate: true }, fields, submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    try {
      await action(Object.fromEntries(new FormData(form)));
    } catch (error) {
      showProblem(form, error);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

/** #/login?next=: signs in; a guest cart is merged into the account's cart. */
export function login(main, params, refreshCart) {
  const form = accountForm('Sign in', [
    field('email', 'Email', { type: 'email', autocomplete: 'email', required: true }),
    field('password', 'Password', { type: 'password', autocomplete: 'current-password', required: true }),
  ], 'Sign in', async ({ email, password }) => {
    await api.login(email, password);
    refreshCart();
    announce(`Signed in as ${email}.`);
    location.hash = destination(params);
  });
  show(main, 'Sign in', h('h1', {}, 'Sign in'), form,
    h('p', {}, 'New here? ', h('a', { href: `#/register?next=${encodeURIComponent(params.get('next') ?? '/')}` }, 'Create an account')));
}

/** #/register?next=: creates the account, then signs in (merging the guest cart). */
export function register(main, params, refreshCart) {
  const form = accountForm('Create an account', [
    field('fullName', 'Full name', { autocomplete: 'name', required: true }),
    field('email', 'Email', { type: 'email', autocomplete: 'email', required: true }),
    field('password', 'Password (at least 8 characters)', { type: 'password', autocomplete: 'new-password', required: true, minlength: 8 }),
  ], 'Create account', async ({ fullName, email, password }) => {
    await api.register(fullName, email, password);
    await api.login(email, password);
    refreshCart();
    announce(`Welcome, ${fullName}. Your account is ready.`);
    location.hash = destination(params);
  });
  show(main, 'Create an account', h('h1', {}, 'Create an account'), form,
    h('p', {}, 'Already have an account? ', h('a', { href: `#/login?next=${encodeURIComponent(params.get('next') ?? '/')}` }, 'Sign in')));
}
