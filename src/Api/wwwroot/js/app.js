// The storefront: a hash-routed page over the shop's public API. No build step; plain ES modules.
import * as api from './api.js';
import { announce, h, show } from './dom.js';
import { login, register } from './views/account.js';
import { cart } from './views/cart.js';
import { catalog, product } from './views/catalog.js';
import { checkout } from './views/checkout.js';
import { order, orders } from './views/orders.js';

const main = document.getElementById('main');

/** Keeps the header's cart count current: from a cart the view already has, or by asking the shop. */
async function refreshCart(known) {
  const count = document.getElementById('cart-count');
  try {
    const current = known ?? await api.getCart();
    count.textContent = String(current.items.reduce((sum, line) => sum + line.quantity, 0));
  } catch {
    count.textContent = '0';
  }
}

function refreshAccount() {
  const email = api.signedInEmail();
  const item = (id) => document.getElementById(id).closest('li');
  item('nav-login').hidden = email !== null;
  for (const id of ['nav-orders', 'nav-user', 'nav-logout']) item(id).hidden = email === null;
  document.getElementById('nav-user').textContent = email ?? '';
}

const routes = [
  [/^\/$/, (params) => catalog(main, params)],
  [/^\/products\/([^/]+)$/, (params, [id]) => product(main, params, id, refreshCart)],
  [/^\/cart$/, (params) => cart(main, params, refreshCart)],
  [/^\/login$/, (params) => login(main, params, refreshCart)],
  [/^\/register$/, (params) => register(main, params, refreshCart)],
  [/^\/checkout$/, (params) => checkout(main, params)],
  [/^\/orders$/, (params) => orders(main, params)],
  [/^\/orders\/([^/]+)$/, (params, [id], signal) => order(main, params, id, refreshCart, signal)],
];

let leaving = new AbortController();
async function route() {
  leaving.abort(); // Ends the previous view's live updates.
  leaving = new AbortController();
  const [path, query = ''] = (location.hash.slice(1) || '/').split('?');
  const params = new URLSearchParams(query);
  const match = routes.map(([pattern, view]) => [pattern.exec(path), view]).find(([found]) => found);
  if (!match) {
    show(main, 'Not found', h('h1', {}, 'Page not found'), h('p', {}, h('a', { href: '#/' }, 'Back to the products')));
    return;
  }
  const [found, view] = match;
  try {
    await view(params, found.slice(1).map(decodeURIComponent), leaving.signal);
  } catch (error) {
    if (error.status === 401) {
      location.hash = `#/login?next=${encodeURIComponent(path)}`;
      return;
    }
    show(main, 'Something went wrong', h('h1', {}, error.status === 404 ? 'Not found' : 'Something went wrong'),
      h('p', { role: 'alert' }, error.message), h('p', {}, h('a', { href: '#/' }, 'Back to the products')));
  }
}

document.getElementById('search').addEventListener('submit', (event) => {
  event.preventDefault();
  const search = new FormData(event.target).get('search').trim();
  location.hash = search ? `#/?search=${encodeURIComponent(search)}` : '#/';
});
document.getElementById('nav-logout').addEventListener('click', async () => {
  await api.logout();
  announce('Signed out.');
  refreshCart();
  location.hash = '#/';
});
addEventListener('eshop:session', refreshAccount);
addEventListener('hashchange', route);
refreshAccount();
refreshCart();
route();
