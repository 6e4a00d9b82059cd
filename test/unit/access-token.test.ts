import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenVerifier, type TokenVerifier } from '../../functions/access/adapters/token-verifier';
import { NotAuthenticatedError } from '../../functions/access/errors';
import { principalFromClaims } from '../../functions/access/token-claims';
import { LOCAL_ACCESS_CLIENT_ID, LocalIdentity } from '../../local/identity';

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
