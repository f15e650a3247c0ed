import * as api from '../api.js';
import { announce, h, money, show } from '../dom.js';
import { finalStatuses, watchOrder } from '../order-events.js';
import { totals } from './cart.js';

const when = (iso) => new Date(iso).toLocaleString();
const subtotalOf = (o) => (o.discount ? { ...o.total, amount: o.total.amount + o.discount.amount.amount } : o.total);
const cancellable = new Set(['Pending', 'Confirmed']);
const reasons = {
  out_of_stock: 'an item ran out of stock',
  payment_declined: 'the card was declined',
  payment_timeout: 'the payment did not complete in time',
  reservation_expired: 'the items were held too long',
};

/** #/orders: the customer's orders, newest first. */
export async function orders(main, params) {
  if (!api.signedIn()) {
    location.hash = '#/login?next=/orders';
    return;
  }
  const page = Math.max(1, Number(params.get('page')) || 1);
  const result = await api.listOrders(page);
  const pages = Math.max(1, Math.ceil((result.total ?? result.items.length) / (result.pageSize ?? 20)));
  show(main, 'Your orders',
    h('h1', {}, 'Your orders'),
    result.items.length === 0
      ? h('p', {}, 'No orders yet. ', h('a', { href: '#/' }, 'Browse the products.'))
      : h('table', {},
        h('caption', { class: 'visually-hidden' }, 'Your orders, newest first'),
        h('thead', {}, h('tr', {}, ['Order', 'Placed', 'Status', 'Total'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, result.items.map((order) => h('tr', { 'data-order-id': order.orderId },
          h('th', { scope: 'row' }, h('a', { href: `#/orders/${encodeURIComponent(order.orderId)}` }, order.orderId)),
          h('td', {}, when(order.createdAt)),
          h('td', {}, order.status),
          h('td', {}, money(order.total)))))),
    pages > 1 && h('nav', { class: 'pager', 'aria-label': 'Pages' },
      page > 1 && h('a', { href: `#/orders?page=${page - 1}` }, 'Newer orders'),
      h('span', {}, `Page ${page} of ${pages}`),
      page < pages && h('a', { href: `#/orders?page=${page + 1}` }, 'Older orders')));
}

/** #/orders/{id}: the order, kept current over its event stream until it reaches a final status. */
export async function order(main, params, orderId, refreshCart, signal) {
  if (!api.signedIn()) {
    location.hash = `#/login?next=${encodeURIComponent(`/orders/${orderId}`)}`;
    return;
  }
  const status = h('p', { class: 'order-status', 'data-testid': 'order-status' });
  const live = h('p', { class: 'muted' });
  const details = h('div');
  const cancel = h('button', { type: 'button' }, 'Cancel order');
  let last = null;
  cancel.addEventListener('click', async () => {
    cancel.disabled = true;
    try {
      render(await api.cancelOrder(orderId));
    } catch (error) {
      announce(error.message, { error: true });
      cancel.disabled = false;
    }
  });

  function render(current) {
    if (last && last.status !== current.status) announce(`Order ${current.orderId} is now ${current.status}.`);
    last = current;
    status.dataset.status = current.status;
    status.textContent = current.status;
    if (current.failureReason) status.append(h('span', { class: 'muted' }, ` (${reasons[current.failureReason] ?? current.failureReason})`));
    cancel.hidden = !cancellable.has(current.status);
    cancel.disabled = false;
    details.replaceChildren(
      h('h2', {}, 'Progress'),
      h('ol', { class: 'timeline' }, current.history.map((change) => h('li', {}, `${change.status} · ${when(change.at)}`))),
      h('h2', {}, 'Items'),
      h('ul', {}, current.items.map((line) => h('li', {}, `${line.quantity} × ${line.name} · ${money(line.lineTotal)}`))),
      totals({ subtotal: current.subtotal ?? subtotalOf(current), discount: current.discount, total: current.total }),
      h('h2', {}, 'Shipping to'),
      h('address', {}, [current.shippingAddress.fullName, current.shippingAddress.line1, current.shippingAddress.line2,
        `${current.shippingAddress.postalCode} ${current.shippingAddress.city}`, current.shippingAddress.country].filter(Boolean).map((l) => [l, h('br')])));
  }

  show(main, `Order ${orderId}`,
    h('h1', {}, 'Order ', h('span', { class: 'mono' }, orderId)),
    status, live, h('div', { class: 'actions' }, cancel), details,
    h('p', {}, h('a', { href: '#/orders' }, 'All your orders')));
  render(await api.getOrder(orderId));
  refreshCart();

  live.textContent = finalStatuses.has(last.status) ? '' : 'Updates appear here as they happen.';
  watchOrder(orderId, (current) => {
    render(current);
    if (finalStatuses.has(current.status)) live.textContent = '';
    if (current.status === 'Confirmed') refreshCart();
  }, signal).catch((error) => { live.textContent = `Live updates stopped: ${error.message}`; });
}
