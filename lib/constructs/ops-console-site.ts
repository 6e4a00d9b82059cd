import { readFileSync } from 'node:fs';
import { Aws, type RemovalPolicy } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { OPS_CONSOLE_DIR, OPS_CONSOLE_VENDOR, opsConsoleConfig } from '../ops-console-config';
import { opsConsoleCsp } from '../page-csp';
import { PageSite } from './page-site';

/** Key prefix and path of the console: the same `/ops/` as locally, so `api/<route>` (relative) is `/ops/api/<route>`. */
export const OPS_CONSOLE_PREFIX = 'ops/';

/**
 * CloudFront Function (viewer request, JS 2.0) on `/ops/api/*`: the ops
 * REST API's routes are `/tickets`, `/work-orders`, ... so the console's
 * prefix comes off before the request reaches the stage.
 */
export const OPS_API_PATH_REWRITE = `function handler(event) {
  var request = event.request;
  request.uri = request.uri.replace(/^\\/ops\\/api(?=\\/)/, '');
  return request;
}`;

/** The ops REST API as the console's origin: its id and deployed stage (an `apigateway.RestApi` is one). */
export interface OpsApiOrigin {
  readonly restApiId: string;
  readonly deploymentStage: { readonly stageName: string };
}

export interface OpsConsoleSiteProps {
  /** The ops REST API (back office stack), served under `/ops/api/*` on the console's origin. */
  readonly api: OpsApiOrigin;
  /** The user pool's hosted UI: its domain (`https://<prefix>.auth.<region>.amazoncognito.com`) and the console's app client (public, code grant with PKCE, callback `pageUrl`). */
  readonly signIn: { readonly domain: string; readonly clientId: string };
  /** The centre's IANA time zone (the stage's), for the quality sample's day. @default 'Asia/Shanghai' */
  readonly timeZone?: string;
  /** Receives the bucket's access logs and CloudFront's standard logs (see PageSiteProps.logBucket). */
  readonly logBucket: s3.IBucket;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The ops console on CloudFront (issue 16): a `PageSite` with web/ops under
 * `/ops/`, its charting library and a generated `config.json` (the hosted
 * UI and app client) beside it, and the ops REST API under `/ops/api/*` on
 * the same origin. Its own distribution, apart from the chat page's: staff
 * tokens never share an origin with a public page, the CSP differs (the
 * hosted UI, not Connect), and a WAF or geo rule can be set for staff alone.
 */
export class OpsConsoleSite extends PageSite {
  constructor(scope: Construct, id: string, props: OpsConsoleSiteProps) {
    const vendored = Object.entries(OPS_CONSOLE_VENDOR).map(([name, path]) => s3deploy.Source.data(`vendor/${name}`, readFileSync(path, 'utf8')));
    const config = s3deploy.Source.jsonData('config.json', opsConsoleConfig({ signIn: 'cognito', cognito: props.signIn }, props.timeZone));
    super(scope, id, {
      pageDir: OPS_CONSOLE_DIR,
      prefix: OPS_CONSOLE_PREFIX,
      extraSources: [...vendored, config],
      csp: opsConsoleCsp(props.signIn.domain),
      api: {
        pathPattern: `/${OPS_CONSOLE_PREFIX}api/*`,
        origin: new origins.HttpOrigin(`${props.api.restApiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`, {
          originPath: `/${props.api.deploymentStage.stageName}`,
          protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
          originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
        }),
        rewrite: { code: OPS_API_PATH_REWRITE, comment: 'Hotline ops console: /ops/api/<route> to the ops API\'s /<route>' },
      },
      describe: {
        headers: 'Hotline ops console: strict CSP (own files, own API, the hosted UI), HSTS, no framing',
        rewrite: 'Hotline ops console: / and /ops to /ops/, directory paths to index.html',
        distribution: 'Hotline ops console: the page and the ops API, same origin',
        deployRole: 'CDK BucketDeployment of the ops console: read the page assets, sync the page bucket, invalidate the distribution',
      },
      logPrefixes: { bucket: 'ops-console/', cdn: 'ops-cdn/' },
      reasons: {
        noGeoRestriction: 'Staff sign in from phones on duty anywhere (crews travel); every API request needs a user pool token, so a country rule would add nothing the sign-in does not.',
        noWaf: 'No WAF web ACL yet: the page is static and every ops API request carries a Cognito token the REST API authoriser checks before the function runs; the API stage is throttled. A web ACL (us-east-1) with an address allow list for the centre is the next step if wanted.',
      },
      logBucket: props.logBucket,
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
  }
}
