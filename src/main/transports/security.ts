/**
 * The renderer's CSP, sent as a header (browser mode, Electron session) and mirrored in index.html's
 * meta tag, less frame-ancestors, which browsers honour only as a header.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  // Lead profile pictures come from the platforms' CDNs over http(s); nothing else loads from outside.
  "img-src 'self' data: https: http:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'"
].join('; ')
