import { SchedulerClient } from '@aws-sdk/client-scheduler';

/** The EventBridge Scheduler client (clock-keeper), in its own file so other functions do not bundle it. */
export const scheduler = new SchedulerClient({});
