// Calls to this origin's /api with the bearer token kept in localStorage. Every failure becomes an Error whose
// message an operator can act on (the problem detail when the server sent one).
const TOKEN_KEY = 'rostersync.token';

export class Unauthorized extends Error {}

export class ApiError extends Error {
  constructor(message, status, problem) {
    super(message);
    this.status = status;
    this.problem = problem;
  }
}

export const token = {
  get: () => localStorage.getItem(TOKEN_KEY),
  set: (value) => localStorage.setItem(TOKEN_KEY, value),
  clear: () => localStorage.removeItem(TOKEN_KEY),
};

export async function api(method, path, body) {
  const headers = { Accept: 'application/json', Authorization: 'Bearer ' + (token.get() || '') };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError('the server did not answer; check your connection or whether health-api is running', 0, null);
  }
  if (res.status === 401) throw new Unauthorized('the token was not accepted');
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (e) {
    data = null;
  }
  if (!res.ok) {
    let message = (data && (data.detail || data.title)) || ('HTTP ' + res.status);
    if (data && Array.isArray(data.errors) && data.errors.length) message += ': ' + data.errors.join('; ');
    if (res.status === 403) message = 'your token may not do this (' + message + ')';
    throw new ApiError(message, res.status, data);
  }
  return data;
}

export const enc = encodeURIComponent;
