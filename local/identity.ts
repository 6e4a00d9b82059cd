import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import * as z from 'zod/mini';
import { ROLES } from '../functions/access/principal';

/** The app client id local tokens are issued to, as the user pool's ops-console client would be. */
export const LOCAL_ACCESS_CLIENT_ID = 'hotline-local-ops-console';
/** Local tokens live an hour, as Cognito's ID tokens do by default. */
const TOKEN_LIFETIME_SECONDS = 3600;

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
 * The local stand-in for the Cognito user pool: an RSA key pair made at
 * start, its JWKS, and ID tokens signed as the pool signs them (RS256, `kid`,
 * `iss`, `aud`, `token_use`, `cognito:groups`), so the ops API's verifier
 * (aws-jwt-verify) checks them exactly as it checks the pool's.
 *
 * @example
 * const identity = new LocalIdentity('http://127.0.0.1:3000/local');
 * const token = identity.login({ role: 'department', department: 'repair-HZ-XIHU' });
 */
export class LocalIdentity {
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  readonly kid = `local-${randomUUID()}`;

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
    const parsed = LoginSchema.safeParse(request);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new LocalLoginError(`${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}; role is one of ${ROLES.join(', ')}`);
    }
    const { role, department } = parsed.data;
    if (role === 'department' && !department) throw new LocalLoginError('department: required for the department role (e.g. "repair-HZ-XIHU")');
    if (role !== 'department' && department) throw new LocalLoginError(`department: only the department role names one`);
    const groups = role === 'department' ? [`department:${department}`] : [role];
    return this.sign({ sub: `local-${role}${department ? `-${department}` : ''}`, 'cognito:groups': groups });
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
