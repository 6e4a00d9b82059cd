import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenVerifier, type TokenVerifier } from '../../functions/access/adapters/token-verifier';
import { NotAuthenticatedError } from '../../functions/access/errors';
import { principalFromClaims } from '../../functions/access/token-claims';
import { LOCAL_ACCESS_CLIENT_ID, LocalIdentity, LocalTokenGrantError } from '../../local/identity';

// The local issuer serves its JWKS over HTTP and the verifier fetches it, as the ops API does against the runtime.
describe('bearer tokens, verified by aws-jwt-verify against the local issuer', () => {
  let server: Server;
  let identity: LocalIdentity;
  let stranger: LocalIdentity;
  let verifier: TokenVerifier;
  const issuedAt = new Date('2020-01-01T00:00:00.000Z');

  beforeAll(async () => {
    server = createServer((_req, res) => res.end(JSON.stringify(identity.jwks())));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/local`;
    identity = new LocalIdentity(issuer);
    // Same issuer URL, its own key: a token it signs is forged as far as the verifier knows.
    stranger = new LocalIdentity(issuer);
    verifier = tokenVerifier({ kind: 'local', issuer, jwksUri: identity.jwksUri, clientId: LOCAL_ACCESS_CLIENT_ID });
  });

  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('turns a department login into a principal of that department', async () => {
    const token = identity.login({ role: 'department', department: 'repair-HZ-XIHU' });
    expect(await verifier.verify(token)).toEqual({ subject: 'local-department-repair-HZ-XIHU', role: 'department', departmentId: 'repair-HZ-XIHU' });
  });

  it('gives the discipline office its own inbox', async () => {
    expect(await verifier.verify(identity.login({ role: 'discipline_office' }))).toMatchObject({ role: 'discipline_office', departmentId: 'discipline-office' });
  });

  it('renews a session with its refresh token, as the pool\'s token endpoint does: the same user, a token the verifier takes', async () => {
    const { idToken, refreshToken } = identity.signIn({ role: 'department', department: 'repair-HZ-XIHU' });
    const renewed = identity.refresh({ grant_type: 'refresh_token', client_id: LOCAL_ACCESS_CLIENT_ID, refresh_token: refreshToken });
    expect(await verifier.verify(renewed)).toEqual(await verifier.verify(idToken));
  });

  it.each([
    ['another grant', { grant_type: 'authorization_code', client_id: LOCAL_ACCESS_CLIENT_ID, refresh_token: 'x' }, 'unsupported_grant_type'],
    ['another client', { grant_type: 'refresh_token', client_id: 'someone-else', refresh_token: 'x' }, 'invalid_client'],
    ['no refresh token', { grant_type: 'refresh_token', client_id: LOCAL_ACCESS_CLIENT_ID }, 'invalid_request'],
    ['a refresh token it never gave', { grant_type: 'refresh_token', client_id: LOCAL_ACCESS_CLIENT_ID, refresh_token: 'made-up' }, 'invalid_grant'],
  ])('refuses a refresh with %s (%s)', (_case, form, error) => {
    expect(() => identity.refresh(form)).toThrow(expect.objectContaining({ name: 'LocalTokenGrantError', error }));
  });

  it('refuses a refresh token after its 12 hours, as the console\'s app client sets them', () => {
    let at = Date.parse('2026-12-01T00:00:00Z');
    const issuer = new LocalIdentity(identity.issuer, () => new Date(at));
    const { refreshToken } = issuer.signIn({ role: 'agent' });
    const form = { grant_type: 'refresh_token', client_id: LOCAL_ACCESS_CLIENT_ID, refresh_token: refreshToken };
    at += 12 * 3_600_000 - 1;
    expect(issuer.refresh(form)).toMatch(/^ey/);
    at += 1;
    expect(() => issuer.refresh(form)).toThrow(LocalTokenGrantError);
  });

  it.each([
    // An hour's token issued in 2020: expired whatever this machine's clock says.
    ['expired', () => new LocalIdentity(identity.issuer, () => issuedAt).sign({ sub: 'u1', 'cognito:groups': ['agent'] })],
    ['with its claims changed after signing', () => {
      const [header, , signature] = identity.login({ role: 'agent' }).split('.');
      const raised = Buffer.from(JSON.stringify({ iss: identity.issuer, aud: LOCAL_ACCESS_CLIENT_ID, token_use: 'id', sub: 'u1', 'cognito:groups': ['discipline_office'], exp: 4102444800 })).toString('base64url');
      return `${header}.${raised}.${signature}`;
    }],
    ['forged (another key)', () => stranger.sign({ sub: 'u1', 'cognito:groups': ['agent'] })],
    ['for another user pool (issuer)', () => identity.sign({ sub: 'u1', 'cognito:groups': ['agent'], iss: 'https://cognito-idp.cn-north-1.amazonaws.com/cn-north-1_other' })],
    ['for another app client (audience)', () => identity.sign({ sub: 'u1', 'cognito:groups': ['agent'], aud: 'someone-else' })],
    ['an access token where an ID token is expected', () => identity.sign({ sub: 'u1', 'cognito:groups': ['agent'], token_use: 'access' })],
    ['with an unknown group', () => identity.sign({ sub: 'u1', 'cognito:groups': ['janitor'] })],
    ['with no group', () => identity.sign({ sub: 'u1' })],
    ['with two roles', () => identity.sign({ sub: 'u1', 'cognito:groups': ['agent', 'discipline_office'] })],
    ['not a JWT at all', () => 'not-a-token'],
  ])('refuses a token %s with NotAuthenticatedError', async (_case, token) => {
    await expect(verifier.verify(token())).rejects.toBeInstanceOf(NotAuthenticatedError);
  });
});

describe('claims to principal', () => {
  it('takes the department from the custom claim with the department group', () => {
    expect(principalFromClaims({ sub: 'u', 'cognito:groups': ['department'], 'custom:department': 'billing-HZ' })).toEqual({ subject: 'u', role: 'department', departmentId: 'billing-HZ' });
  });

  it('refuses a department token naming two departments, or none', () => {
    expect(() => principalFromClaims({ sub: 'u', 'cognito:groups': ['department:billing-HZ', 'department:business-HZ'] })).toThrow(NotAuthenticatedError);
    expect(() => principalFromClaims({ sub: 'u', 'cognito:groups': ['department'] })).toThrow(NotAuthenticatedError);
  });

  it('gives a centre role no department even if the token claims one', () => {
    expect(principalFromClaims({ sub: 'u', 'cognito:groups': ['shift_lead'], 'custom:department': 'billing-HZ' })).toEqual({ subject: 'u', role: 'shift_lead' });
  });
});
