// Follows /api/stream/runs with fetch, which can send the bearer header (EventSource cannot, and a token in the URL
// would end up in logs). Reconnects with backoff; after a reconnect the views reload, since events are not replayed.
import { token } from './api.js';

const listeners = new Set();
let controller = null;
let attempt = 0;
let statusCallback = () => {};

export function onStreamEvent(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function onStreamStatus(fn) {
  statusCallback = fn;
}

export function startStream() {
  stopStream();
  controller = new AbortController();
  run(controller.signal);
}

export function stopStream() {
  if (controller) controller.abort();
  controller = null;
  statusCallback('off');
}

async function run(signal) {
  while (!signal.aborted) {
    statusCallback(attempt === 0 ? 'connecting' : 'reconnecting');
    try {
      const res = await fetch('api/stream/runs', {
        headers: { Accept: 'text/event-stream', Authorization: 'Bearer ' + (token.get() || '') }, signal,
      });
      if (res.status === 401) {
        statusCallback('off');
        return;
      }
      if (!res.ok || !res.body) throw new Error('HTTP ' + res.status);
      await read(res.body, signal);
    } catch (e) {
      if (signal.aborted) return;
    }
    attempt++;
    statusCallback('reconnecting');
    await new Promise((r) => setTimeout(r, Math.min(30000, 1000 * 2 ** Math.min(attempt, 5))));
  }
}

async function read(body, signal) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  while (!signal.aborted) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      dispatch(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
    }
  }
}

function dispatch(block) {
  let event = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const val = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = val;
    else if (field === 'data') data.push(val);
  }
  if (!data.length) return;
  let payload;
  try {
    payload = JSON.parse(data.join('\n'));
  } catch (e) {
    return;
  }
  if (event === 'ready') {
    const reconnected = attempt > 0;
    attempt = 0;
    statusCallback('live');
    for (const fn of listeners) fn({ type: 'ready', reconnected });
    return;
  }
  for (const fn of listeners) fn({ type: event, data: payload });
}
