import { AccessError } from './errors';

/**
 * Where tokens come from. In AWS: the stage's Cognito user pool and its app
 * client (ID tokens, as API Gateway's Cognito authorizer takes them). Locally:
 * the runtime's own issuer and JWKS (local/identity.ts), checked by the same
 * library with the same claims.
 */
export type AccessConfig =
  | { readonly kind: 'cognito'; readonly userPoolId: string; readonly clientId: string }
  | { readonly kind: 'local'; readonly issuer: string; readonly jwksUri: string; readonly clientId: string };

/** Thrown at start-up when neither a user pool nor a local issuer is configured. */
export class AccessConfigError extends AccessError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AccessConfigError';
  }
}

/**
 * The access config from the environment (ACCESS_USER_POOL_ID, or ACCESS_ISSUER and ACCESS_JWKS_URI; ACCESS_CLIENT_ID always).
 *
 * @example
 * readAccessConfig({ ACCESS_USER_POOL_ID: 'cn-north-1_abc', ACCESS_CLIENT_ID: 'ops-console' });
 */
export function readAccessConfig(env: NodeJS.ProcessEnv = process.env): AccessConfig {
  const clientId = env.ACCESS_CLIENT_ID;
  if (!clientId) throw new AccessConfigError('ACCESS_CLIENT_ID must be set');
  if (env.ACCESS_USER_POOL_ID) return { kind: 'cognito', userPoolId: env.ACCESS_USER_POOL_ID, clientId };
  if (env.ACCESS_ISSUER && env.ACCESS_JWKS_URI) return { kind: 'local', issuer: env.ACCESS_ISSUER, jwksUri: env.ACCESS_JWKS_URI, clientId };
  throw new AccessConfigError('Set ACCESS_USER_POOL_ID, or ACCESS_ISSUER and ACCESS_JWKS_URI for the local issuer');
}
