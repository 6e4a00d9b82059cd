import { StartOutboundVoiceContactCommand, type ConnectClient } from '@aws-sdk/client-connect';
import type { VoiceCaller } from '../ports';

export interface ConnectOutboundSettings {
  readonly instanceId: string;
  /** The outbound contact flow: it speaks the `script` attribute in the notice's language. */
  readonly contactFlowId: string;
  /** Caller id (a claimed number of the instance), E.164. */
  readonly sourcePhoneNumber: string;
}

/** Automated outbound calls through Amazon Connect (locally, the outbox records the request as a voice entry). */
export class ConnectVoiceCaller implements VoiceCaller {
  constructor(
    private readonly connect: ConnectClient,
    private readonly settings: ConnectOutboundSettings,
  ) {}

  async call(to: string, script: string, clientToken: string, attributes: Readonly<Record<string, string>>): Promise<string | undefined> {
    const { ContactId } = await this.connect.send(
      new StartOutboundVoiceContactCommand({
        InstanceId: this.settings.instanceId,
        ContactFlowId: this.settings.contactFlowId,
        SourcePhoneNumber: this.settings.sourcePhoneNumber,
        DestinationPhoneNumber: to,
        // Connect keeps a token for 7 days: a retried request for the same attempt places no second call.
        ClientToken: clientToken,
        Attributes: { ...attributes, script },
      }),
    );
    return ContactId;
  }
}
