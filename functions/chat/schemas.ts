import * as z from 'zod/mini';

/** Longest request body the chat API reads (API Gateway allows 10 MB; a chat needs a few KB). */
export const MAX_CHAT_BODY_BYTES = 16 * 1024;
/** Longest customer message; longer text is refused with a reason, not cut. */
export const MAX_CHAT_TEXT_CHARS = 1_000;
export const MAX_TRANSCRIPT_LINES = 50;

/** The API Gateway HTTP API (payload format 2.0) event, the parts the chat API reads. */
export const HttpApiEventSchema = z.object({
  version: z.literal('2.0'),
  routeKey: z.string(),
  rawPath: z.string(),
  headers: z.optional(z.record(z.string(), z.string())),
  body: z.optional(z.string()),
  isBase64Encoded: z.optional(z.boolean()),
  requestContext: z.object({
    requestId: z.string(),
    timeEpoch: z.number(),
    http: z.object({ method: z.string(), path: z.string(), sourceIp: z.string() }),
  }),
});
export type HttpApiEvent = z.infer<typeof HttpApiEventSchema>;

const SessionId = z.string().check(z.regex(/^[A-Za-z0-9-]{16,64}$/));
const ClientMessageId = z.string().check(z.regex(/^[A-Za-z0-9-]{8,64}$/));
const Language = z.enum(['zh-CN', 'en']);
const Text = z.string().check(z.minLength(1), z.maxLength(MAX_CHAT_TEXT_CHARS));
const Account = z.string().check(z.regex(/^\d{6,20}$/));

export const OutageStatusRequestSchema = z.object({
  sessionId: SessionId,
  language: z.optional(Language),
  accountNumber: z.optional(Account),
  address: z.optional(z.string().check(z.minLength(2), z.maxLength(200))),
});

export const FaultReportRequestSchema = z.object({
  sessionId: SessionId,
  clientMessageId: ClientMessageId,
  language: z.optional(Language),
  text: Text,
  address: z.optional(z.string().check(z.maxLength(200))),
});

export const VerifyRequestSchema = z.object({
  sessionId: SessionId,
  accountNumber: Account,
  pin: z.string().check(z.maxLength(16)),
});

export const BillRequestSchema = z.object({
  sessionId: SessionId,
  clientMessageId: ClientMessageId,
  language: z.optional(Language),
  text: Text,
});

export const AgentRequestSchema = z.object({
  sessionId: SessionId,
  clientMessageId: ClientMessageId,
  language: z.optional(Language),
  displayName: z.optional(z.string().check(z.maxLength(64))),
  transcript: z
    .array(z.object({ from: z.enum(['customer', 'bot']), text: z.string().check(z.maxLength(MAX_CHAT_TEXT_CHARS)) }))
    .check(z.minLength(1), z.maxLength(MAX_TRANSCRIPT_LINES)),
});
