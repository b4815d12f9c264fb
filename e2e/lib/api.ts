// API calls from the test itself (not through the page), signed in as a given user.
import { type APIRequestContext, request } from 'playwright-core';
import { baseURL } from './browser';

export async function apiAs(username: string, password: string): Promise<APIRequestContext> {
  const ctx = await request.newContext({ baseURL: baseURL() });
  const res = await ctx.post('/api/auth/login', { data: { username, password } });
  if (!res.ok()) throw new Error(`API login as ${username} failed: ${res.status()} ${await res.text()}`);
  return ctx;
}

export async function getJson<T>(ctx: APIRequestContext, url: string): Promise<T> {
  const res = await ctx.get(url);
  if (!res.ok()) throw new Error(`GET ${url} → ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}
