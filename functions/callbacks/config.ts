import * as z from 'zod/mini';
import { CallbackConfigError } from './errors';

/** The planner's Connect settings (the stack sets them from the stage config; locally the runtime does). */
export interface CallbackPlannerConfig {
  readonly instanceId: string;
  readonly taskTemplateId?: string;
  readonly contactFlowId?: string;
  readonly ratePerSecond: number;
}

const EnvSchema = z.object({
  CONNECT_INSTANCE_ID: z.string().check(z.minLength(1)),
  CALLBACK_TASK_TEMPLATE_ID: z.optional(z.string()),
  CALLBACK_CONTACT_FLOW_ID: z.optional(z.string()),
  CALLBACK_TASK_RATE: z.optional(z.string().check(z.regex(/^\d+(\.\d+)?$/))),
});

/**
 * The planner's config from its environment; a missing instance, or neither template nor flow, refuses to start.
 *
 * @example
 * const config = readCallbackPlannerConfig(process.env);
 */
export function readCallbackPlannerConfig(env: NodeJS.ProcessEnv = process.env): CallbackPlannerConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) throw new CallbackConfigError(`callback planner: ${z.prettifyError(parsed.error)}`);
  const { CONNECT_INSTANCE_ID, CALLBACK_TASK_TEMPLATE_ID, CALLBACK_CONTACT_FLOW_ID, CALLBACK_TASK_RATE } = parsed.data;
  if (!CALLBACK_TASK_TEMPLATE_ID && !CALLBACK_CONTACT_FLOW_ID) throw new CallbackConfigError('callback planner: CALLBACK_TASK_TEMPLATE_ID or CALLBACK_CONTACT_FLOW_ID is required');
  return {
    instanceId: CONNECT_INSTANCE_ID,
    ...(CALLBACK_TASK_TEMPLATE_ID ? { taskTemplateId: CALLBACK_TASK_TEMPLATE_ID } : {}),
    ...(CALLBACK_CONTACT_FLOW_ID ? { contactFlowId: CALLBACK_CONTACT_FLOW_ID } : {}),
    ratePerSecond: Number(CALLBACK_TASK_RATE ?? 2),
  };
}
