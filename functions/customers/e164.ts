/**
 * The number if it is already in E.164 form (as SNS two-way SMS and Amazon
 * Connect deliver caller numbers), else undefined. Syntax only: the carrier
 * has already routed the message from it.
 *
 * @example
 * asE164('+8613800138000'); // '+8613800138000'
 * asE164('13800138000'); // undefined
 */
export function asE164(text: string): string | undefined {
  return /^\+[1-9]\d{6,14}$/.test(text) ? text : undefined;
}
