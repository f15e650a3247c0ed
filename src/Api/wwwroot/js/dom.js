// Small DOM helpers: elements are built with textContent, never innerHTML, so nothing the shop returns is parsed as markup.

/** h('a', { href: '#/', class: 'brand', onclick: fn }, 'text', child...) */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the view, titles the page and moves focus to the new heading, as a page load would for a screen reader. */
export function show(main, title, ...children) {
  main.replaceChildren(...children.flat(Infinity).filter(Boolean));
  document.title = `${title} · EShop`;
  const heading = main.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: false });
  }
}

const digits = new Map();
/** Money in minor units, as the contract sends it: { amount: 1999, currency: 'usd' } -> "$19.99". */
export function money(value) {
  if (!value) return '';
  const currency = value.currency.toUpperCase();
  if (!digits.has(currency)) digits.set(currency, new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits);
  return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(value.amount / 10 ** digits.get(currency));
}

let statusTimer;
/** Announces a message in the polite live region under the header. */
export function announce(message, { error = false } = {}) {
  const status = document.getElementById('status');
  status.classList.toggle('error', error);
  status.textContent = message;
  clearTimeout(statusTimer);
  if (!error) statusTimer = setTimeout(() => { status.textContent = ''; }, 8000);
}

/** A labelled input: the label names it, hints and errors are tied to it with aria-describedby. */
export function field(id, label, attributes = {}) {
  const error = h('span', { class: 'error', id: `${id}-error` });
  const input = h(attributes.tag ?? 'input', { id, name: id, 'aria-describedby': `${id}-error`, ...attributes, tag: undefined });
  return h('div', { class: 'field' }, h('label', { for: id }, label), input, error);
}

/** Shows a problem from the shop on a form: the detail in an alert, field errors beside their inputs. */
export function showProblem(form, error) {
  form.querySelectorAll('.field .error').forEach((span) => { span.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((input) => input.removeAttribute('aria-invalid'));
  let alert = form.querySelector('.alert');
  if (!alert) {
    alert = h('p', { class: 'alert', role: 'alert' });
    form.prepend(alert);
  }
  alert.textContent = error.message;
  for (const [name, messages] of Object.entries(error.fieldErrors ?? {})) {
    const key = name.split('.').pop();
    const input = form.querySelector(`[name="${CSS.escape(key.charAt(0).toLowerCase() + key.slice(1))}"]`);
    if (!input) continue;
    input.setAttribute('aria-invalid', 'true');
    const span = form.querySelector(`#${CSS.escape(input.id)}-error`);
    if (span) span.textContent = messages.join(' ');
  }
}

/** The first image of a product or variant, or a plain box with the name. */
export function picture(images, fallbackAlt) {
  const image = images?.[0];
  return image
    ? h('img', { src: image.url, alt: image.alt, loading: 'lazy', width: 400, height: 300 })
    : h('div', { class: 'card-image-missing', role: 'img', 'aria-label': fallbackAlt });
}
