import { StartChatContactCommand, type ConnectClient } from '@aws-sdk/client-connect';
import type { AgentHandover } from '../ports';

/**
 * The Participant Service endpoint the page joins the chat through: the one of
 * the Connect instance's region, or `override` (the local runtime serves an
 * emulation at `/chat`, relative to the page's origin).
 *
 * @example
 * participantEndpoint('ap-southeast-1'); // 'https://participant.connect.ap-southeast-1.amazonaws.com'
 */
export function participantEndpoint(connectRegion: string, override?: string): string {
  return override || `https://participant.connect.${connectRegion}.amazonaws.com`;
}

/** Starts the agent chat in Amazon Connect (locally, the outbox records StartChatContact). */
export class ConnectAgentHandover implements AgentHandover {
  constructor(
    private readonly connect: ConnectClient,
    private readonly instanceId: string,
    private readonly contactFlowId: string,
    private readonly participantEndpoint: string,
  ) {}

  async start(request: Parameters<AgentHandover['start']>[0]) {
    const output = await this.connect.send(
      new StartChatContactCommand({
        InstanceId: this.instanceId,
        ContactFlowId: this.contactFlowId,
        // The flow routes on these; the agent's screen shows the ticket number.
        Attributes: { ticketNumber: request.ticketId, channel: 'web-chat', language: request.language },
        ParticipantDetails: { DisplayName: request.displayName },
        SupportedMessagingContentTypes: ['text/plain'],
        // Idempotent per client message: a resent hand-over joins the same contact.
        ClientToken: request.clientToken,
      }),
    );
    return {
      contactId: output.ContactId ?? '',
      participantId: output.ParticipantId ?? '',
      participantToken: output.ParticipantToken ?? '',
      participantEndpoint: this.participantEndpoint,
    };
  }
}
