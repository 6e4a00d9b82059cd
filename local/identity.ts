import { createSign, generateKeyPairSync, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import * as z from 'zod/mini';
import { ROLES } from '../functions/access/principal';

/** The app client id local tokens are issued to, as the user pool's ops-console client would be. */
export const LOCAL_ACCESS_CLIENT_ID = 'hotline-local-ops-console';
/** Local tokens live an hour, as Cognito's ID tokens do by default. */
const TOKEN_LIFETIME_SECONDS = 3600;
/** Refresh tokens live 12 hours, as the console's app client sets them in the user pool (lib/back-office-stack.ts). */
const REFRESH_LIFETIME_MS = 12 * 3_600_000;
/** Refresh tokens kept at most (the oldest go first): a demo issuer, not a session store. */
const MAX_REFRESH_TOKENS = 10_000;

const LoginSchema = z.object({
  role: z.enum(ROLES),
  department: z.optional(z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/))),
});
export type LocalLogin = z.infer<typeof LoginSchema>;

/** A login request the local issuer refuses: 400 naming the field. */
export class LocalLoginError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LocalLoginError';
  }
}

/**
 * A refresh token grant the local issuer refuses, with the OAuth 2.0 error
 * code Cognito's token endpoint answers (`invalid_grant`, `invalid_client`,
 * `unsupported_grant_type`, `invalid_request`): 400.
 */
export class LocalTokenGrantError extends Error {
  constructor(
    readonly error: 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unsupported_grant_type',
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'LocalTokenGrantError';
  }
}

/**
 * The local stand-in for the Cognito user pool: an RSA key pair made at
 * start, its JWKS, and ID tokens signed as the pool signs them (RS256, `kid`,
 * `iss`, `aud`, `token_use`, `cognito:groups`), so the ops API's verifier
 * (aws-jwt-verify) checks them exactly as it checks the pool's. A sign-in
 * also gives a refresh token, which `refresh` takes as the pool's token
 * endpoint takes it (`grant_type=refresh_token`), so the console renews its
 * session by the same request in both places.
 *
 * @example
 * const identity = new LocalIdentity('http://127.0.0.1:3000/local');
 * const token = identity.login({ role: 'department', department: 'repair-HZ-XIHU' });
 */
export class LocalIdentity {
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  readonly kid = `local-${randomUUID()}`;
  /** Opaque refresh tokens (as Cognito's are to a client) and the claims each renews. */
  private readonly refreshTokens = new Map<string, { readonly claims: Record<string, unknown>; readonly expiresAt: number }>();

  constructor(
    readonly issuer: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
  }

  get jwksUri(): string {
    return `${this.issuer}/.well-known/jwks.json`;
  }

  /** The public key set, as the user pool serves it at `<issuer>/.well-known/jwks.json`. */
  jwks(): { keys: Record<string, unknown>[] } {
    return { keys: [{ ...this.publicKey.export({ format: 'jwk' }), kid: this.kid, alg: 'RS256', use: 'sig' }] };
  }

  /** An ID token for a demo user of the role (and department); LocalLoginError names a bad field. */
  login(request: unknown): string {
    return this.sign(this.claimsOf(request));
  }

  /**
   * A sign-in as the hosted UI's code exchange answers it: an ID token and a refresh token.
   *
   * @example
   * const { idToken, refreshToken } = identity.signIn({ role: 'shift_lead' });
   */
  signIn(request: unknown): { idToken: string; refreshToken: string } {
    const claims = this.claimsOf(request);
    const refreshToken = randomBytes(32).toString('base64url');
    if (this.refreshTokens.size >= MAX_REFRESH_TOKENS) this.refreshTokens.delete(this.refreshTokens.keys().next().value as string);
    this.refreshTokens.set(refreshToken, { claims, expiresAt: this.now().getTime() + REFRESH_LIFETIME_MS });
    return { idToken: this.sign(claims), refreshToken };
  }

  /**
   * The token endpoint's refresh token grant (form fields `grant_type`,
   * `client_id`, `refresh_token`): a new ID token for the same user, or
   * LocalTokenGrantError with Cognito's error code.
   *
   * @example
   * identity.refresh({ grant_type: 'refresh_token', client_id: LOCAL_ACCESS_CLIENT_ID, refresh_token: refreshToken });
   */
  refresh(form: Readonly<Record<string, string | undefined>>): string {
    if (form.grant_type !== 'refresh_token') throw new LocalTokenGrantError('unsupported_grant_type', 'grant_type: only refresh_token here (the local sign-in is POST /local/login)');
    if (form.client_id !== LOCAL_ACCESS_CLIENT_ID) throw new LocalTokenGrantError('invalid_client', `client_id: the console's client is ${LOCAL_ACCESS_CLIENT_ID}`);
    if (!form.refresh_token) throw new LocalTokenGrantError('invalid_request', 'refresh_token: required');
    const grant = this.refreshTokens.get(form.refresh_token);
    if (!grant || grant.expiresAt <= this.now().getTime()) {
      this.refreshTokens.delete(form.refresh_token);
      throw new LocalTokenGrantError('invalid_grant', 'refresh_token: unknown or expired (the runtime restarted, or 12 hours passed); sign in again');
    }
    return this.sign(grant.claims);
  }

  private claimsOf(request: unknown): Record<string, unknown> {
    const parsed = LoginSchema.safeParse(request);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new LocalLoginError(`${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}; role is one of ${ROLES.join(', ')}`);
    }
    const { role, department } = parsed.data;
    if (role === 'department' && !department) throw new LocalLoginError('department: required for the department role (e.g. "repair-HZ-XIHU")');
    if (role !== 'department' && department) throw new LocalLoginError(`department: only the department role names one`);
    const groups = role === 'department' ? [`department:${department}`] : [role];
    return { sub: `local-${role}${department ? `-${department}` : ''}`, 'cognito:groups': groups };
  }

  /** Signs any claims with the issuer's key; tests use it for expired and wrong-audience tokens. */
  sign(claims: Record<string, unknown>): string {
    const issuedAt = Math.floor(this.now().getTime() / 1000);
    const payload = { iss: this.issuer, aud: LOCAL_ACCESS_CLIENT_ID, token_use: 'id', auth_time: issuedAt, iat: issuedAt, exp: issuedAt + TOKEN_LIFETIME_SECONDS, ...claims };
    return signJwt({ alg: 'RS256', kid: this.kid, typ: 'JWT' }, payload, this.privateKey);
  }
}

function signJwt(header: Record<string, unknown>, payload: Record<string, unknown>, key: KeyObject): string {
  const encode = (part: Record<string, unknown>) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const signingInput = `${encode(header)}.${encode(payload)}`;
  const signature = createSign('RSA-SHA256').update(signingInput).sign(key).toString('base64url');
  return `${signingInput}.${signature}`;
}
