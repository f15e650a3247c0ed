// The storefront's only way to the shop: the public HTTP API (docs/openapi.json), nothing else.
// Signed-in customers carry a Bearer token (refreshed on a 401); guests carry their cart token in X-Cart-Token.

const SESSION_KEY = 'eshop.session';
const CART_TOKEN_KEY = 'eshop.cartToken';

/** An answer that was not a success: the status and the problem details the shop sent. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `The shop answered ${status}.`);
    this.status = status;
    this.problem = problem ?? {};
  }

  /** Field errors of a validation problem: { field: [messages] }. */
  get fieldErrors() { return this.problem.errors ?? {}; }
}

// Tokens live for the tab (sessionStorage); the guest cart survives the tab (localStorage), as a shop's cart should.
const session = {
  get() {
    try { return JSON.parse(sessionStorage.getItem(SESSION_KEY)) ?? null; } catch { return null; }
  },
  set(value) {
    if (value) sessionStorage.setItem(SESSION_KEY, JSON.stringify(value));
    else sessionStorage.removeItem(SESSION_KEY);
    dispatchEvent(new CustomEvent('eshop:session'));
  },
};

export const signedIn = () => session.get() !== null;
export const signedInEmail = () => session.get()?.email ?? null;
const guestToken = () => localStorage.getItem(CART_TOKEN_KEY);
const forgetGuestToken = () => localStorage.removeItem(CART_TOKEN_KEY);

async function problemOf(response) {
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return { title: response.statusText };
  try { return await response.json(); } catch { return { title: response.statusText }; }
}

async function send(method, path, { body, headers = {}, signal } = {}) {
  const init = { method, headers: { Accept: 'application/json', ...headers }, signal };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  return fetch(path, init);
}

async function refresh() {
  const current = session.get();
  if (!current) return false;
  const response = await send('POST', '/api/auth/refresh', { body: { refreshToken: current.refreshToken } });
  if (!response.ok) {
    session.set(null);
    return false;
  }
  const pair = await response.json();
  session.set({ ...current, accessToken: pair.accessToken, refreshToken: pair.refreshToken });
  return true;
}

async function ensureGuestToken() {
  let token = guestToken();
  if (token) return token;
  const response = await send('POST', '/api/carts');
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  token = (await response.json()).cartToken;
  localStorage.setItem(CART_TOKEN_KEY, token);
  return token;
}

/**
 * One call to the shop. auth: 'none' (anonymous), 'user' (a signed-in customer) or 'cart' (the customer, else the
 * guest's cart token; createGuest makes one when a guest first writes to a cart). Returns the parsed body, or the
 * raw response when raw is set.
 */
export async function call(method, path, { auth = 'none', body, headers = {}, signal, createGuest = false, raw = false } = {}) {
  for (let attempt = 0; ; attempt++) {
    const all = { ...headers };
    const current = session.get();
    if (auth === 'user' || (auth === 'cart' && current)) {
      if (!current) throw new ApiError(401, { title: 'Sign in first.', detail: 'Sign in to continue.' });
      all.Authorization = `Bearer ${current.accessToken}`;
    } else if (auth === 'cart') {
      const token = createGuest ? await ensureGuestToken() : guestToken();
      if (!token) return null; // A guest who never wrote to a cart has an empty one, and no token yet.
      all['X-Cart-Token'] = token;
    }

    const response = await send(method, path, { body, headers: all, signal });
    if (response.status === 401 && attempt === 0) {
      if (all.Authorization && await refresh()) continue;
      if (all['X-Cart-Token']) {
        // The guest cart expired or was merged into an account: start afresh (or show an empty cart).
        forgetGuestToken();
        if (createGuest) continue;
        return null;
      }
    }
    if (raw) return response;
    if (!response.ok) throw new ApiError(response.status, await problemOf(response));
    if (response.status === 204) return null;
    return response.json();
  }
}

const query = (values) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== null && value !== '') search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : '';
};

export const listProducts = ({ search, category, page = 1, pageSize = 12 } = {}) =>
  call('GET', `/api/products${query({ search, category, page, pageSize })}`);
export const getProduct = (productId) => call('GET', `/api/products/${encodeURIComponent(productId)}`);

export const emptyCart = { items: [], subtotal: null, total: null };
export const getCart = async () => (await call('GET', '/api/cart', { auth: 'cart' })) ?? emptyCart;
export const addToCart = (sku, quantity) => call('POST', '/api/cart/items', { auth: 'cart', createGuest: true, body: { sku, quantity } });
export const setQuantity = (sku, quantity) => call('PUT', `/api/cart/items/${encodeURIComponent(sku)}`, { auth: 'cart', body: { quantity } });
export const removeLine = (sku) => call('DELETE', `/api/cart/items/${encodeURIComponent(sku)}`, { auth: 'cart' });
export const applyDiscount = (code) => call('POST', '/api/cart/discount', { auth: 'cart', createGuest: true, body: { code } });
export const removeDiscount = () => call('DELETE', '/api/cart/discount', { auth: 'cart' });

export async function register(fullName, email, password) {
  await call('POST', '/api/auth/register', { body: { email, password, fullName } });
}

/** Signs in and merges the guest cart into the account's cart; the guest token is spent either way. */
export async function login(email, password) {
  const cartToken = guestToken();
  const pair = await call('POST', '/api/auth/login', { body: cartToken ? { email, password, cartToken } : { email, password } });
  forgetGuestToken();
  session.set({ email, accessToken: pair.accessToken, refreshToken: pair.refreshToken });
}

export async function logout() {
  const current = session.get();
  session.set(null);
  if (current) await send('POST', '/api/auth/logout', { body: { refreshToken: current.refreshToken } }).catch(() => {});
}

export const me = () => call('GET', '/api/me', { auth: 'user' });

export const placeOrder = (order, idempotencyKey) =>
  call('POST', '/api/orders', { auth: 'user', body: order, headers: { 'Idempotency-Key': idempotencyKey } });
export const getOrder = (orderId) => call('GET', `/api/orders/${encodeURIComponent(orderId)}`, { auth: 'user' });
export const listOrders = (page = 1, pageSize = 20) => call('GET', `/api/orders${query({ page, pageSize })}`, { auth: 'user' });
export const cancelOrder = (orderId) => call('POST', `/api/orders/${encodeURIComponent(orderId)}/cancel`, { auth: 'user' });

// Problem details as well, so that a refusal of the stream (401, 404) comes as a full problem body.
const events = 'text/event-stream, application/problem+json';

/** The order's event stream (text/event-stream), with the customer's token, resuming after lastEventId. */
export const openOrderEvents = (orderId, lastEventId, signal) => call('GET', `/api/orders/${encodeURIComponent(orderId)}/events`, {
  auth: 'user',
  raw: true,
  signal,
  headers: lastEventId === null ? { Accept: events } : { Accept: events, 'Last-Event-ID': String(lastEventId) },
});
