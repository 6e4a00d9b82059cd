import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { EmailSender, OutgoingEmail } from '../ports';

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
      ...(email.inReplyTo ? [{ Name: 'In-Reply-To', Value: email.inReplyTo }] : []),
      ...(email.references && email.references.length > 0 ? [{ Name: 'References', Value: email.references.join(' ') }] : []),
    ];
    await this.ses.send(
      new SendEmailCommand({
        FromEmailAddress: this.fromAddress,
        Destination: { ToAddresses: [email.to] },
        Content: {
          Simple: {
            Subject: { Data: email.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: email.text, Charset: 'UTF-8' } },
            Headers: headers,
          },
        },
      }),
    );
  }
}
