/**
 * The renderer's Content Security Policy: sent as a header by browser mode and by the Electron
 * berth:// scheme; renderer/index.html carries the same policy in its meta tag (less
 * frame-ancestors, which a meta tag cannot set), and a unit test keeps the two in step.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
