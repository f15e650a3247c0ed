import * as api from '../api.js';
import { field, h, money, show, showProblem } from '../dom.js';
import { totals } from './cart.js';

// Stripe's test payment methods, which the shop's simulated gateway (and Stripe in test mode) understand.
const testCards = [
  ['pm_card_visa', 'Visa test card (succeeds)'],
  ['pm_card_mastercard', 'Mastercard test card (succeeds)'],
  ['pm_card_chargeDeclined', 'Test card that is declined'],
];

// crypto.randomUUID exists only in secure contexts; getRandomValues everywhere (a shop on plain http inside a LAN).
const newKey = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

/** #/checkout: a shipping address and a test card; the order is placed once however often the button is pressed. */
export async function checkout(main, params) {
  if (!api.signedIn()) {
    location.hash = '#/login?next=/checkout';
    return;
  }
  const [cart, profile] = await Promise.all([api.getCart(), api.me()]);
  if (cart.items.length === 0) {
    show(main, 'Checkout', h('h1', {}, 'Checkout'), h('p', {}, 'Your cart is empty. ', h('a', { href: '#/' }, 'Browse the products.')));
    return;
  }

  const saved = profile.addresses?.[0];
  const address = h('fieldset', {}, h('legend', {}, 'Shipping address'),
    field('fullName', 'Full name', { autocomplete: 'name', required: true, value: saved?.fullName ?? profile.fullName }),
    field('line1', 'Address', { autocomplete: 'address-line1', required: true, value: saved?.line1 }),
    field('line2', 'Address line 2 (optional)', { autocomplete: 'address-line2', value: saved?.line2 }),
    field('city', 'City', { autocomplete: 'address-level2', required: true, value: saved?.city }),
    field('postalCode', 'Postal code', { autocomplete: 'postal-code', required: true, value: saved?.postalCode }),
    field('country', 'Country (two letters, e.g. US)', { autocomplete: 'country', required: true, maxlength: 2, value: saved?.country ?? 'US' }));
  const payment = h('fieldset', {}, h('legend', {}, 'Payment'), testCards.map(([id, label], index) => h('div', { class: 'choice' },
    h('input', { type: 'radio', name: 'paymentMethodId', id, value: id, checked: index === 0 }), h('label', { for: id }, label))));
  const submit = h('button', { type: 'submit', class: 'primary' }, `Place order · ${money(cart.total ?? cart.subtotal)}`);
  const form = h('form', { 'aria-label': 'Checkout', novalidate: true }, address, payment, submit);

  // One key per checkout form: pressing again after a lost answer replays the same order instead of placing another.
  const idempotencyKey = newKey();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(form));
    const shippingAddress = {
      fullName: values.fullName, line1: values.line1, line2: values.line2 || null,
      city: values.city, postalCode: values.postalCode, country: values.country.toUpperCase(),
    };
    submit.disabled = true;
    try {
      const accepted = await api.placeOrder({ shippingAddress, paymentMethodId: values.paymentMethodId }, idempotencyKey);
      location.hash = `#/orders/${encodeURIComponent(accepted.orderId)}`;
    } catch (error) {
      showProblem(form, error);
      const pending = error.problem?.pendingOrderId;
      if (pending) form.querySelector('.alert').append(' ', h('a', { href: `#/orders/${encodeURIComponent(pending)}` }, 'See that order'));
      submit.disabled = false;
    }
  });

  show(main, 'Checkout',
    h('h1', {}, 'Checkout'),
    h('ul', { 'aria-label': 'Items' }, cart.items.map((line) => h('li', {}, `${line.quantity} × ${line.name} · ${money(line.lineTotal)}`))),
    totals(cart),
    form);
}
