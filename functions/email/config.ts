/** E-mail channel settings from the environment (the CDK stack sets them; the local runtime too). */
export interface EmailConfig {
  /** Bucket and prefix the SES S3 action writes raw mail to; attachments go under `attachments/`. */
  readonly mailBucket: string;
  readonly mailPrefix: string;
  /** The service address acknowledgements come from (a verified SES identity). */
  readonly fromAddress: string;
  /** Locally only: raw mail and attachments live in this directory instead of S3. */
  readonly localMailDir?: string;
}

export function readEmailConfig(env: NodeJS.ProcessEnv = process.env): EmailConfig {
  const mailBucket = env.MAIL_BUCKET;
  const fromAddress = env.EMAIL_FROM_ADDRESS;
  if (!mailBucket || !fromAddress) throw new Error('MAIL_BUCKET and EMAIL_FROM_ADDRESS must be set');
  return { mailBucket, mailPrefix: env.MAIL_PREFIX ?? 'inbound/', fromAddress, localMailDir: env.LOCAL_MAIL_DIR || undefined };
}
