import { TICKET_STATUSES, TICKET_TYPES, type TicketStatus, type TicketType } from '../tickets/ticket';
import { MalformedOpsRequestError } from './errors';

export const MAX_TICKET_LIMIT = 1000;
const TICKET_QUERY_PARAMS = ['status', 'type', 'customer', 'limit'];

export interface TicketListRequest {
  readonly status?: TicketStatus;
  readonly type?: TicketType;
  readonly customer?: string;
  readonly limit?: number;
}

/**
 * `GET /tickets` query parameters as a filter, or MalformedOpsRequestError naming the parameter.
 *
 * @example
 * ticketFilterFrom(new URLSearchParams('status=new&limit=20')); // { status: 'new', limit: 20 }
 */
export function ticketFilterFrom(params: URLSearchParams): TicketListRequest {
  const unknown = [...params.keys()].filter((name) => !TICKET_QUERY_PARAMS.includes(name));
  if (unknown.length > 0) throw new MalformedOpsRequestError(`Unknown query parameter(s): ${unknown.join(', ')}; use ${TICKET_QUERY_PARAMS.join(', ')}`);
  const status = params.get('status') || undefined;
  if (status !== undefined && !isOneOf(TICKET_STATUSES, status)) throw new MalformedOpsRequestError(`Unknown status "${status}"; one of ${TICKET_STATUSES.join(', ')}`);
  const type = params.get('type') || undefined;
  if (type !== undefined && !isOneOf(TICKET_TYPES, type)) throw new MalformedOpsRequestError(`Unknown type "${type}"; one of ${TICKET_TYPES.join(', ')}`);
  // An unencoded `+86...` arrives as a space (form encoding); a sender is never meant to start with one.
  const customer = params.get('customer')?.replace(/^ (?=\d)/, '+') || undefined;
  const limitText = params.get('limit');
  let limit: number | undefined;
  if (limitText) {
    limit = Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_TICKET_LIMIT) {
      throw new MalformedOpsRequestError(`limit must be an integer from 1 to ${MAX_TICKET_LIMIT}, got "${limitText}"`);
    }
  }
  return { status, type, customer, limit };
}

function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}
