import { fileURLToPath } from 'node:url';
import { Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { PageSite, pageRewrite } from './page-site';

/** The page's files (index.html, chat.js, chat.css), as `local/web-channels.ts` serves them. */
const CHAT_PAGE_DIR = fileURLToPath(new URL('../../web/chat', import.meta.url));

/** Key prefix and path of the page: the same `/chat/` as locally, so `api/<action>` (relative, in chat.js) is `/chat/api/<action>`. */
export const CHAT_PAGE_PREFIX = 'chat/';

/** The Amazon Connect Participant Service of a region, which the page calls to chat with an agent. */
export function participantServiceOrigin(connectRegion: string): string {
  return `https://participant.connect.${connectRegion}.amazonaws.com`;
}

/**
 * The page allows only its own files, its own API and the Participant
 * Service of the Connect instance's region (the agent chat): chat.js and
 * chat.css are files (no inline script or style), and the API is same-origin.
 */
export const chatPageCsp = (connectRegion: string): string => [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  `connect-src 'self' ${participantServiceOrigin(connectRegion)}`,
  "img-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The chat page's viewer-request function: `/` and `/chat` to `/chat/`, directory paths to index.html. */
export const CHAT_PAGE_REWRITE = pageRewrite(CHAT_PAGE_PREFIX);

export interface ChatSiteProps {
  /** The chat HTTP API; its `/chat/api/*` routes are served from the page's origin. */
  readonly httpApi: apigwv2.IHttpApi;
  /**
   * Receives the page bucket's server access logs and CloudFront's standard
   * logs (which carry the customers' real addresses; the API sees CloudFront's).
   * See PageSiteProps.logBucket for what the bucket must allow.
   */
  readonly logBucket: s3.IBucket;
  /** Of the deployment function's log group. */
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  /** The Connect instance's region, whose Participant Service the page may call; the stack's region if not given. */
  readonly connectRegion?: string;
}

/**
 * The web chat page on CloudFront (issue 4): a `PageSite` with the page
 * under `/chat/` and the chat HTTP API under `/chat/api/*` uncached, so the
 * page calls its API same-origin.
 */
export class ChatSite extends PageSite {
  constructor(scope: Construct, id: string, props: ChatSiteProps) {
    // https://<api id>.execute-api.<region>.amazonaws.com: the host name is the third part.
    const apiDomain = Fn.select(2, Fn.split('/', props.httpApi.apiEndpoint));
    super(scope, id, {
      pageDir: CHAT_PAGE_DIR,
      prefix: CHAT_PAGE_PREFIX,
      csp: chatPageCsp(props.connectRegion ?? Stack.of(scope).region),
      api: {
        pathPattern: `/${CHAT_PAGE_PREFIX}api/*`,
        origin: new origins.HttpOrigin(apiDomain, { protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY, originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2] }),
      },
      describe: {
        headers: 'Hotline chat page: strict CSP (own files and API only), HSTS, no framing',
        rewrite: 'Hotline chat: / and /chat to /chat/, directory paths to index.html',
        distribution: 'Hotline web chat: the page and its API, same origin',
        deployRole: 'CDK BucketDeployment of the chat page: read the page asset, sync the page bucket, invalidate the distribution',
      },
      logPrefixes: { bucket: 'chat-page/', cdn: 'chat-cdn/' },
      reasons: {
        noGeoRestriction: 'A utility\'s customer page with no legal reason to refuse any country (customers travel; the hotline number is public anyway).',
        noWaf: 'No WAF web ACL yet: chat-api limits each session (and PIN attempts) itself and the HTTP API stage is throttled; its per-address limit sees CloudFront\'s edge addresses, so a web ACL with a rate-based rule per viewer address (us-east-1) is the fix, see docs/architecture.md "Flow: a web chat".',
      },
      logBucket: props.logBucket,
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
  }
}
