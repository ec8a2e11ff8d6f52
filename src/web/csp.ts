/**
 * Content-Security-Policy headers of the workbench. Two policies:
 * - APP_CSP for the workbench's own pages: only its own scripts, styles and images (no CDN, no
 *   remote font), no plugin, not framable by another site, forms only to itself.
 * - BODY_CSP for a message body shown in the sandboxed iframe: nothing may load or run. Leaked mail
 *   is hostile: a remote image is a tracking pixel telling the sender who reads the leak, so even
 *   images are limited to the workbench's own inline-part endpoint (CSP3 §6.7.2: 'self').
 */

/** CSP of the application shell and every JSON/asset response. */
export const APP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-src 'self'",
  "worker-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * CSP of a sanitised message body. `sandbox` (CSP3 §6.3.2, HTML "sandboxing flags"): no script,
 * no form submission, no top-level navigation, no popups, no plugins. `allow-same-origin` is the
 * only token, so the frame may load its own inline cid: images (a unique origin would make them
 * cross-origin and Cross-Origin-Resource-Policy would block them); without allow-scripts nothing in
 * the frame can use that origin. Inline styles are allowed since
 * mail layouts depend on them and a sandboxed document without script cannot exfiltrate through CSS
 * when every fetch directive is 'none' or 'self'.
 */
export const BODY_CSP = [
  "default-src 'none'",
  "img-src 'self'",
  "style-src 'unsafe-inline'",
  "font-src 'none'",
  "connect-src 'none'",
  "media-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
  'sandbox allow-same-origin',
].join('; ');

/** Headers set on every response, whatever its type. */
export const COMMON_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};
