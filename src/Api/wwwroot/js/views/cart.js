import * as api from '../api.js';
import { announce, field, h, money, show, showProblem } from '../dom.js';

/** The totals box: subtotal, the discount when a code is applied, and what will be charged. */
export function totals(of) {
  return h('div', { class: 'totals', 'aria-label': 'Totals' },
    h('div', {}, h('span', {}, 'Subtotal'), h('span', { 'data-testid': 'subtotal' }, money(of.subtotal))),
    of.discount && h('div', {}, h('span', {}, `Discount (${of.discount.code})`), h('span', { 'data-testid': 'discount' }, `−${money(of.discount.amount)}`)),
    h('div', { class: 'total' }, h('span', {}, 'Total'), h('span', { 'data-testid': 'total' }, money(of.total ?? of.subtotal))));
}

/** #/cart: lines with quantities, a discount code, and the way to checkout. */
export async function cart(main, params, refreshCart) {
  const render = (current) => {
    refreshCart(current);
    if (current.items.length === 0) {
      show(main, 'Your cart', h('h1', {}, 'Your cart'), h('p', {}, 'Your cart is empty. ', h('a', { href: '#/' }, 'Browse the products.')));
      return;
    }

    const change = async (action, message) => {
      try {
        render(await action());
        announce(message);
      } catch (error) {
        announce(error.message, { error: true });
      }
    };
    const rows = current.items.map((line) => {
      const id = `qty-${line.sku}`;
      const quantity = h('input', { id, type: 'number', min: 0, max: 100, value: line.quantity, inputmode: 'numeric', class: 'qty' });
      quantity.addEventListener('change', () => change(() => api.setQuantity(line.sku, Number(quantity.value)), `${line.name}: quantity ${quantity.value}.`));
      return h('tr', { 'data-sku': line.sku },
        h('th', { scope: 'row' }, h('a', { href: `#/products/${encodeURIComponent(line.productId)}` }, line.name), h('div', { class: 'muted' }, line.sku)),
        h('td', { class: 'num' }, money(line.unitPrice)),
        h('td', {}, h('label', { for: id, class: 'visually-hidden' }, `Quantity of ${line.name}`), quantity),
        h('td', { class: 'num' }, money(line.lineTotal)),
        h('td', {}, h('button', { type: 'button', onclick: () => change(() => api.removeLine(line.sku), `Removed ${line.name}.`) }, 'Remove', h('span', { class: 'visually-hidden' }, ` ${line.name}`))));
    });

    const discountForm = h('form', { class: 'discount', 'aria-label': 'Discount' });
    if (current.discount) {
      discountForm.append(h('p', {}, `Code ${current.discount.code} applied. `,
        h('button', { type: 'button', class: 'link', onclick: () => change(api.removeDiscount, 'Discount code removed.') }, 'Remove code')));
    } else {
      discountForm.append(field('code', 'Discount code', { autocomplete: 'off', required: true, maxlength: 32 }), h('button', { type: 'submit' }, 'Apply'));
      discountForm.addEventListener('submit', async (event) => {
        event.preventDefault();
        try {
          render(await api.applyDiscount(discountForm.elements.code.value.trim()));
          announce('Discount code applied.');
        } catch (error) {
          showProblem(discountForm, error);
        }
      });
    }

    show(main, 'Your cart',
      h('h1', {}, 'Your cart'),
      h('table', {},
        h('caption', { class: 'visually-hidden' }, 'Items in your cart'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Item'), h('th', { scope: 'col', class: 'num' }, 'Price'),
          h('th', { scope: 'col' }, 'Quantity'), h('th', { scope: 'col', class: 'num' }, 'Line total'), h('td', {}))),
        h('tbody', {}, rows)),
      discountForm,
      totals(current),
      h('div', { class: 'actions' },
        api.signedIn()
          ? h('a', { href: '#/checkout', class: 'button primary' }, 'Check out')
          : [h('p', {}, 'Checkout needs an account; your cart comes with you when you sign in.'),
            h('a', { href: '#/login?next=/checkout' }, 'Sign in to check out'),
            h('a', { href: '#/register?next=/checkout' }, 'Create an account')]));
  };
  render(await api.getCart());
}
