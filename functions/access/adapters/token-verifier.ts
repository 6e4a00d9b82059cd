import { CognitoJwtVerifier, JwtVerifier } from 'aws-jwt-verify';
import { JwtBaseError } from 'aws-jwt-verify/error';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { AccessConfig } from '../config';
import { NotAuthenticatedError } from '../errors';
import type { Principal } from '../principal';
import { principalFromClaims } from '../token-claims';

/** Turns a bearer token into the principal it names, or throws NotAuthenticatedError. */
export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}

/**
 * The token verifier for a config: aws-jwt-verify's CognitoJwtVerifier for a
 * user pool, its JwtVerifier for the local issuer (same signature, expiry,
 * issuer and audience checks, plus Cognito's `token_use`). Expired, forged,
 * wrong-pool and unknown-group tokens all become NotAuthenticatedError.
 *
 * @example
 * const verifier = tokenVerifier(readAccessConfig());
 * const principal = await verifier.verify(bearer);
 */
export function tokenVerifier(config: AccessConfig): TokenVerifier {
  const verify = config.kind === 'cognito' ? cognitoVerify(config) : localVerify(config);
  return {
    async verify(token) {
      let claims: Record<string, unknown>;
      try {
        claims = await verify(token);
      } catch (error) {
        if (error instanceof JwtBaseError) throw new NotAuthenticatedError(undefined, { cause: error });
        throw error;
      }
      return principalFromClaims(claims);
    },
  };
}

function cognitoVerify(config: Extract<AccessConfig, { kind: 'cognito' }>): (token: string) => Promise<Record<string, unknown>> {
  const verifier = CognitoJwtVerifier.create({ userPoolId: config.userPoolId, clientId: config.clientId, tokenUse: 'id' });
  return (token) => verifier.verify(token);
}

function localVerify(config: Extract<AccessConfig, { kind: 'local' }>): (token: string) => Promise<Record<string, unknown>> {
  // The library's own fetcher speaks https only; the local issuer is plain http on 127.0.0.1.
  const jwksCache = new SimpleJwksCache({ fetcher: { fetch: async (uri) => (await fetch(uri)).arrayBuffer() } });
  const verifier = JwtVerifier.create(
    {
      issuer: config.issuer,
      jwksUri: config.jwksUri,
      audience: config.clientId,
      customJwtCheck: ({ payload }) => {
        if (payload.token_use !== 'id') throw new LocalTokenUseError();
      },
    },
    { jwksCache },
  );
  return (token) => verifier.verify(token);
}

/** A local token that is not an ID token (Cognito's `token_use` check, as CognitoJwtVerifier makes it). */
class LocalTokenUseError extends JwtBaseError {
  constructor() {
    super('token_use must be id');
    this.name = 'LocalTokenUseError';
  }
}
