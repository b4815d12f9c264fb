// Browser-facing protections for every response and every write:
// - CSRF: a state-changing request (POST/PUT/PATCH/DELETE) sent by a browser must come from this
//   site's own origin. SameSite=Lax alone lets a page on the same site — another port, another
//   subdomain — post with the session cookie. Browsers send `Origin` on such requests (else
//   `Sec-Fetch-Site`); requests with neither (curl, server-to-server, tests) carry no ambient
//   browser credentials of a victim and are let through.
// - Security headers: a CSP without inline scripts (antd's CSS-in-JS needs inline styles), no
//   framing by other sites, no referrer to other origins, no MIME sniffing, HSTS behind HTTPS.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { AppError } from './errors.js';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const CROSS_SITE_REFUSED =
  '请求来源不受信任：已拒绝来自其他网站或端口的修改操作。请直接在本平台页面中操作 (cross-site request refused)';

/** `scheme://host[:port]` with the default port dropped, or null when not a URL. */
export function normaliseOrigin(value: string): string | null {
  try {
    const u = new URL(value);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return `${u.protocol}//${u.host}`; // URL drops :80 for http and :443 for https
  } catch {
    return null;
  }
}

/**
 * The CSP. Scripts only from this origin (Vite's build has no inline script); styles may be inline
 * (antd's CSS-in-JS writes <style> tags at run time); images from data:/blob: (charts exported as
 * images, previews); frames only from this origin; this site framed by nobody (printing prints the
 * page itself, no frame needed).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "frame-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function securityHeaders(config: Pick<Config, 'cookieSecure'>): Record<string, string> {
  const headers: Record<string, string> = {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-frame-options': 'DENY',
    'referrer-policy': 'same-origin',
    'x-content-type-options': 'nosniff',
    'cross-origin-opener-policy': 'same-origin',
  };
  // Only where the site is served over HTTPS (secure cookies say so): HSTS on plain HTTP would be
  // ignored at best and lock users out of an HTTP-only intranet install at worst.
  if (config.cookieSecure) headers['strict-transport-security'] = 'max-age=31536000';
  return headers;
}

/** Why a state-changing request is refused, or null when it may proceed. */
export function crossSiteReason(req: FastifyRequest, publicOrigin: string | null): string | null {
  if (!STATE_CHANGING.has(req.method)) return null;
  const origin = req.headers.origin;
  if (typeof origin === 'string' && origin !== '') {
    const given = normaliseOrigin(origin);
    if (!given) return `origin ${origin}`; // includes the opaque "null" origin
    if (given === publicOrigin) return null;
    const own = normaliseOrigin(`${req.protocol}://${req.host}`);
    if (given === own) return null;
    // TLS ended at a proxy that does not say so (SHIXUN_TRUST_PROXY off): the browser's origin is
    // https://host while this server sees http://host. The host itself still has to match.
    if (own && given === own.replace(/^http:/, 'https:')) return null;
    return `origin ${origin}`;
  }
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return `sec-fetch-site ${site}`;
  return null;
}

export function registerSecurity(app: FastifyInstance, config: Pick<Config, 'cookieSecure' | 'publicUrl'>) {
  const headers = securityHeaders(config);
  const publicOrigin = config.publicUrl ? normaliseOrigin(config.publicUrl) : null;
  app.addHook('onRequest', async (req, reply) => {
    reply.headers(headers);
    const reason = crossSiteReason(req, publicOrigin);
    if (reason) {
      req.log.warn({ reason, url: req.url, method: req.method }, 'cross-site request refused');
      throw new AppError('FORBIDDEN', CROSS_SITE_REFUSED);
    }
  });
  // Chromium shows a PDF opened in a tab with its built-in viewer, an embedded plugin that the
  // page's own `object-src 'none'` would block; a PDF runs no script of ours, so it goes without.
  app.addHook('onSend', async (_req, reply, payload) => {
    if (String(reply.getHeader('content-type') ?? '').startsWith('application/pdf')) {
      reply.removeHeader('content-security-policy');
    }
    return payload;
  });
}
