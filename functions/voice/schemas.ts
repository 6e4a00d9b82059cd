import * as z from 'zod/mini';

/** What the contact flow may ask the voice function to do (the flow passes it as the `action` parameter). */
export const VOICE_ACTIONS = ['lookup', 'outage_check', 'sms_updates', 'verify_pin', 'account_summary', 'report_fault', 'confirm_fault', 'handoff'] as const;
export type VoiceAction = (typeof VOICE_ACTIONS)[number];

/**
 * The event Amazon Connect sends from an "Invoke AWS Lambda function" block.
 * Only the fields the IVR reads are declared; Connect adds more (and zod/mini
 * objects ignore unknown keys). `Parameters` are the block's
 * LambdaInvocationAttributes: strings only.
 */
export const ConnectContactFlowEventSchema = z.object({
  Name: z.literal('ContactFlowEvent'),
  Details: z.object({
    ContactData: z.object({
      ContactId: z.string().check(z.minLength(1), z.maxLength(256)),
      Channel: z.optional(z.string()),
      InitiationMethod: z.optional(z.string()),
      InstanceARN: z.optional(z.string()),
      LanguageCode: z.optional(z.nullable(z.string())),
      Attributes: z.optional(z.record(z.string(), z.string())),
      CustomerEndpoint: z.optional(z.nullable(z.object({ Address: z.optional(z.string()), Type: z.optional(z.string()) }))),
      SystemEndpoint: z.optional(z.nullable(z.object({ Address: z.optional(z.string()), Type: z.optional(z.string()) }))),
    }),
    Parameters: z.record(z.string(), z.string()),
  }),
});
export type ConnectContactFlowEvent = z.infer<typeof ConnectContactFlowEventSchema>;

/** Keypad input: digits only (Connect's StoredCustomerInput, `Timeout` when the caller pressed nothing). */
export const KeypadDigitsSchema = z.string().check(z.regex(/^\d{1,16}$/));
