// The renderer has one Content-Security-Policy wherever it is served: the meta tag in
// index.html says what the Electron session and browser mode send as a header (less
// frame-ancestors, which browsers ignore in a meta tag and warn about).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../src-main/renderer-files/csp.ts';

describe('content security policy', () => {
  it("index.html's meta tag is the policy the servers send (frame-ancestors only in the header)", () => {
    const html = readFileSync(join(import.meta.dirname, '../../../src-renderer/index.html'), 'utf8');
    const meta = /<meta\s+http-equiv=["']Content-Security-Policy["']\s+content=(?:"([^"]*)"|'([^']*)')/i.exec(html);
    const directives = (policy: string) =>
      policy
        .split(';')
        .map((d) => d.trim().replace(/\s+/g, ' '))
        .filter((d) => d !== '' && !d.startsWith('frame-ancestors'));
    expect(directives(meta?.[1] ?? meta?.[2] ?? '')).toEqual(directives(CONTENT_SECURITY_POLICY));
  });

  it('allows nothing remote and no eval', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|\*|unsafe-eval/);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });
});
