// The renderer's Content-Security-Policy, one string for every way it is served: the meta tag
// in src-renderer/index.html, the Electron session's response header and browser mode's header.
// No remote origin anywhere, no eval (Vue's runtime-only build needs none); inline styles only
// because Vue and Chart.js set style attributes.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
