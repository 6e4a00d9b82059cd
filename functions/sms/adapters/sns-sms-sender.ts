import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';

/** Sends one transactional SMS through SNS (locally, the outbox records the Publish). */
export class SnsSmsSender {
  constructor(
    private readonly sns: SNSClient,
    private readonly originationNumber?: string,
  ) {}

  async send(to: string, text: string): Promise<string | undefined> {
    const { MessageId } = await this.sns.send(
      new PublishCommand({
        PhoneNumber: to,
        Message: text,
        MessageAttributes: {
          'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
          ...(this.originationNumber
            ? { 'AWS.MM.SMS.OriginationNumber': { DataType: 'String', StringValue: this.originationNumber } }
            : {}),
        },
      }),
    );
    return MessageId;
  }
}
