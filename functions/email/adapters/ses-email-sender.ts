import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { EmailSender, OutgoingEmail } from '../ports';

/** A header value with no line breaks or other control characters: nothing the centre writes can add a header. */
export function headerValue(value: string): string {
  return value.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').trim();
}

/** Sends acknowledgements through SES (locally, the outbox records the SendEmail). */
export class SesEmailSender implements EmailSender {
  constructor(
    private readonly ses: SESv2Client,
    private readonly fromAddress: string,
  ) {}

  async send(email: OutgoingEmail): Promise<void> {
    const headers = [
      // RFC 3834: marks the answer as automatic, so well-behaved responders do not answer it back.
      { Name: 'Auto-Submitted', Value: 'auto-replied' },
      ...(email.inReplyTo ? [{ Name: 'In-Reply-To', Value: headerValue(email.inReplyTo) }] : []),
      ...(email.references && email.references.length > 0 ? [{ Name: 'References', Value: headerValue(email.references.join(' ')) }] : []),
    ];
    await this.ses.send(
      new SendEmailCommand({
        FromEmailAddress: this.fromAddress,
        Destination: { ToAddresses: [headerValue(email.to)] },
        Content: {
          Simple: {
            Subject: { Data: headerValue(email.subject), Charset: 'UTF-8' },
            Body: { Text: { Data: email.text, Charset: 'UTF-8' } },
            Headers: headers,
          },
        },
      }),
    );
  }
}
