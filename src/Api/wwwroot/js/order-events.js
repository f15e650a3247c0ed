// Live order status: GET /api/orders/{id}/events read as Server-Sent Events over fetch (EventSource cannot send the
// Authorization header). On a dropped connection it reconnects with Last-Event-ID, so no status is missed or repeated.
import { ApiError, openOrderEvents } from './api.js';

export const finalStatuses = new Set(['Delivered', 'Cancelled', 'Failed']);

/** Parses one SSE block ("event:", "id:", "data:" lines; ":" comments are heartbeats). */
function parseBlock(block) {
  const event = { type: 'message', id: null, data: [] };
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event.type = value;
    else if (field === 'id') event.id = value;
    else if (field === 'data') event.data.push(value);
  }
  return event.data.length ? { ...event, data: event.data.join('\n') } : null;
}

const pause = (ms, signal) => new Promise((resolve) => {
  const timer = setTimeout(resolve, ms);
  signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
});

/**
 * Calls onOrder(order, sequence) for the current order and then for each status change, until the order reaches a
 * final status or the signal aborts. Client errors (404, 401 after refresh) end the watch by throwing.
 */
export async function watchOrder(orderId, onOrder, signal) {
  let lastEventId = null;
  let backoff = 500;
  while (!signal.aborted) {
    let final = false;
    try {
      const response = await openOrderEvents(orderId, lastEventId, signal);
      if (!response.ok) {
        const problem = await response.json().catch(() => ({}));
        throw new ApiError(response.status, problem);
      }
      backoff = 500;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value.replace(/\r\n?/g, '\n');
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const event = parseBlock(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (event?.type !== 'order') continue;
          const order = JSON.parse(event.data);
          if (event.id !== null) lastEventId = event.id;
          final = finalStatuses.has(order.status);
          onOrder(order, Number(event.id));
        }
      }
    } catch (error) {
      if (signal.aborted) return;
      if (error instanceof ApiError && error.status < 500 && error.status !== 429) throw error;
    }
    if (final) return;
    await pause(backoff, signal);
    backoff = Math.min(backoff * 2, 10_000);
  }
}
