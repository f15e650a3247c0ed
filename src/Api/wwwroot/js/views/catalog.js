import * as api from '../api.js';
import { announce, h, money, picture, show } from '../dom.js';

const lowestPrice = (product) => product.variants.reduce((low, v) => (low && low.amount <= v.price.amount ? low : v.price), null);
const imagesOf = (product) => (product.images?.length ? product.images : product.variants.find((v) => v.images?.length)?.images ?? []);

/** #/?search=&category=&page= : the catalog, searchable and paged. */
export async function catalog(main, params) {
  const search = params.get('search') ?? '';
  const category = params.get('category') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const result = await api.listProducts({ search, category, page });
  document.getElementById('search-input').value = search;

  const categories = [...new Set(result.items.map((p) => p.category))].sort();
  const link = (changes) => {
    const next = new URLSearchParams({ search, category, page: String(page), ...changes });
    for (const [key, value] of [...next]) if (!value || (key === 'page' && value === '1')) next.delete(key);
    const text = next.toString();
    return text ? `#/?${text}` : '#/';
  };
  const heading = search ? `Results for “${search}”` : category ? category : 'Products';
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));

  show(main, heading,
    h('h1', {}, heading),
    h('p', { class: 'muted' }, `${result.total} product${result.total === 1 ? '' : 's'}`),
    h('nav', { class: 'filters', 'aria-label': 'Categories' },
      h('a', { href: link({ category: '', page: '1' }), 'aria-current': category ? null : 'page' }, 'All'),
      (category ? [category] : categories).map((c) => h('a', { href: link({ category: c, page: '1' }), 'aria-current': c === category ? 'page' : null }, c))),
    result.items.length === 0
      ? h('p', {}, 'Nothing matches. Try another search.')
      : h('ul', { class: 'grid', 'aria-label': 'Products' }, result.items.map((product) => h('li', { class: 'card' },
        picture(imagesOf(product), product.name),
        h('h2', {}, h('a', { href: `#/products/${encodeURIComponent(product.productId)}` }, product.name)),
        h('p', { class: 'muted' }, product.category),
        h('p', { class: 'price' }, `from ${money(lowestPrice(product))}`)))),
    pages > 1 && h('nav', { class: 'pager', 'aria-label': 'Pages' },
      page > 1 && h('a', { href: link({ page: String(page - 1) }), rel: 'prev' }, 'Previous page'),
      h('span', {}, `Page ${page} of ${pages}`),
      page < pages && h('a', { href: link({ page: String(page + 1) }), rel: 'next' }, 'Next page')));
}

/** #/products/{id}: images, description, a variant to choose and a quantity. */
export async function product(main, params, productId, refreshCart) {
  const item = await api.getProduct(productId);
  const form = h('form', { class: 'buy', 'aria-label': `Buy ${item.name}` });
  const gallery = h('div', { class: 'gallery' });
  const showImages = (images) => gallery.replaceChildren(...(images.length ? images : [null]).map((image) =>
    image ? h('img', { src: image.url, alt: image.alt, width: 400, height: 300 }) : picture([], item.name)));

  const choices = h('fieldset', {}, h('legend', {}, 'Choose a variant'), item.variants.map((variant, index) => h('div', { class: 'choice' },
    h('input', { type: 'radio', name: 'sku', id: `variant-${index}`, value: variant.sku, checked: index === 0,
      onchange: () => showImages(variant.images?.length ? variant.images : item.images ?? []) }),
    h('label', { for: `variant-${index}` }, `${variant.name} · ${money(variant.price)}`))));
  const quantity = h('input', { id: 'quantity', name: 'quantity', type: 'number', min: 1, max: 100, value: 1, required: true, inputmode: 'numeric' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Add to cart');
  form.append(choices, h('div', { class: 'field' }, h('label', { for: 'quantity' }, 'Quantity'), quantity), submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const sku = new FormData(form).get('sku');
    submit.disabled = true;
    try {
      const cart = await api.addToCart(sku, Number(quantity.value));
      refreshCart(cart);
      announce(`Added ${quantity.value} × ${item.name} to your cart.`);
    } catch (error) {
      announce(error.message, { error: true });
    } finally {
      submit.disabled = false;
    }
  });
  const first = item.variants[0];
  showImages(first?.images?.length ? first.images : item.images ?? []);

  show(main, item.name,
    h('p', {}, h('a', { href: '#/' }, '← All products')),
    h('article', { class: 'product' },
      gallery,
      h('div', {},
        h('h1', {}, item.name),
        h('p', { class: 'muted' }, item.category),
        h('p', {}, item.description),
        Object.keys(item.attributes ?? {}).length > 0 && h('dl', {}, Object.entries(item.attributes).map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
        form)));
}
