/**
 * The content security policies of the centre's web pages, as text both the
 * CDK (CloudFront's response headers policy) and the local runtime send, so
 * a page tested locally runs under the policy it gets in AWS. No CDK imports:
 * the local runtime reads this file.
 */

/**
 * The ops console's policy: its own files and its own API only (the API is
 * same-origin under `/ops/api/`), plus the user pool's hosted-UI domain for
 * the token exchange after sign-in. No inline script or style.
 *
 * @example
 * opsConsoleCsp('https://hotline-dev.auth.ap-southeast-1.amazoncognito.com');
 */
export function opsConsoleCsp(signInOrigin?: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `connect-src 'self'${signInOrigin ? ` ${signInOrigin}` : ''}`,
    "img-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
