import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { ConflictException, CreateScheduleCommand, DeleteScheduleCommand, ResourceNotFoundException, SchedulerClient } from '@aws-sdk/client-scheduler';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Context } from 'aws-lambda';
import * as keys from '../../functions/shared/keys';
import { WorkingCalendar } from '../../functions/tickets/calendar';
import { dueInstants } from '../../functions/tickets/sla';
import type { Ticket } from '../../functions/tickets/ticket';
import { decideAction, openWorkOrder, type WorkOrder } from '../../functions/workorders/work-order';
import { workOrderItem } from '../../functions/workorders/work-order-item';

// Scheduler is mocked at the SDK boundary; the stream records are real-shaped DynamoDB JSON.
const schedulerMock = mockClient(SchedulerClient);
const context = { functionName: 'clock-keeper', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;
const NOW = new Date('2026-12-01T02:06:00.000Z');
const GROUP = 'hotline-clocks';
const QUEUE_ARN = 'arn:aws:sqs:ap-southeast-1:111122223333:sla-watch';
const ROLE_ARN = 'arn:aws:iam::111122223333:role/clock-scheduler';
let handler: (event: unknown, context: Context) => Promise<{ created: number; deleted: number }>;

const calendar = new WorkingCalendar({ timeZone: 'Asia/Shanghai', years: [], fixedDateHolidays: [] });
const opened = '2026-12-01T02:00:00.000Z';
const ticket: Ticket = {
  ticketId: '202612-0001-0001', type: 'fault_report', status: 'new', priority: 2, channel: 'sms', openedBy: '+8613800000101', summary: '停电了',
  createdAt: opened, updatedAt: opened, due: dueInstants({ type: 'fault_report', openedAt: new Date(opened), calendar }), confidential: false,
};
const open = openWorkOrder(ticket, 'repair-HZ-XIHU', 'HZ-XIHU');
const dispatched = decideAction(open, 'dispatch', { crewLeader: '李强', phone: '+8613900001111', departedAt: '2026-12-01T02:05:00Z' }, NOW).order;
const arrived = decideAction(dispatched, 'arrive', { arrivedAt: '2026-12-01T02:06:00Z' }, NOW).order;

const image = (order: WorkOrder) => marshall(workOrderItem(order), { removeUndefinedValues: true });
const record = (eventName: 'INSERT' | 'MODIFY' | 'REMOVE', before?: Record<string, unknown>, after?: Record<string, unknown>) => ({
  eventID: '1', eventName, eventSource: 'aws:dynamodb', awsRegion: 'ap-southeast-1',
  dynamodb: { ...(before ? { OldImage: before } : {}), ...(after ? { NewImage: after } : {}), StreamViewType: 'NEW_AND_OLD_IMAGES' },
});

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  vi.stubEnv('TABLE_NAME', 'hotline-test');
  vi.stubEnv('CLOCK_SCHEDULE_GROUP', GROUP);
  vi.stubEnv('SLA_WATCH_QUEUE_ARN', QUEUE_ARN);
  vi.stubEnv('CLOCK_SCHEDULER_ROLE_ARN', ROLE_ARN);
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  ({ handler } = await import('../../functions/clocks/handlers/clock-keeper'));
});

afterAll(() => vi.useRealTimers());

beforeEach(() => {
  schedulerMock.reset();
  schedulerMock.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn:schedule' });
  schedulerMock.on(DeleteScheduleCommand).resolves({});
});

describe('clock-keeper', () => {
  it('schedules a new order\'s on-site clock at the warning margin, deleted after it fires, to the sla-watch queue', async () => {
    expect(await handler({ Records: [record('INSERT', undefined, image(open))] }, context)).toEqual({ created: 1, deleted: 0 });
    expect(schedulerMock).toReceiveCommandWith(CreateScheduleCommand, {
      Name: '202612-0001-0001.1_crewOnSite_20261201T024500Z',
      GroupName: GROUP,
      ScheduleExpression: 'at(2026-12-01T02:35:00)',
      ScheduleExpressionTimezone: 'UTC',
      ActionAfterCompletion: 'DELETE',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { Arn: QUEUE_ARN, RoleArn: ROLE_ARN, Input: JSON.stringify({ orderId: '202612-0001-0001.1', milestone: 'crewOnSite', dueAt: '2026-12-01T02:45:00.000Z' }) },
    });
  });

  it('on arrival replaces the on-site clock with the cause report\'s (due 02:36, margin already past: a minute from now)', async () => {
    expect(await handler({ Records: [record('MODIFY', image(dispatched), image(arrived))] }, context)).toEqual({ created: 1, deleted: 1 });
    expect(schedulerMock).toReceiveCommandWith(DeleteScheduleCommand, { Name: '202612-0001-0001.1_crewOnSite_20261201T024500Z', GroupName: GROUP });
    expect(schedulerMock).toReceiveCommandWith(CreateScheduleCommand, { Name: '202612-0001-0001.1_causeReport_20261201T023600Z', ScheduleExpression: 'at(2026-12-01T02:26:00)' });
  });

  it('ignores other items and changes that move no clock; a redelivered batch is a no-op at Scheduler', async () => {
    const notice = marshall({ ...keys.notice('n-1'), noticeId: 'n-1' });
    expect(await handler({ Records: [record('INSERT', undefined, notice), record('MODIFY', image(open), image(dispatched))] }, context)).toEqual({ created: 0, deleted: 0 });
    expect(schedulerMock.calls()).toHaveLength(0);

    schedulerMock.on(CreateScheduleCommand).rejects(new ConflictException({ message: 'exists', Message: 'exists', $metadata: {} }));
    schedulerMock.on(DeleteScheduleCommand).rejects(new ResourceNotFoundException({ message: 'gone', Message: 'gone', $metadata: {} }));
    await expect(handler({ Records: [record('MODIFY', image(dispatched), image(arrived))] }, context)).resolves.toEqual({ created: 1, deleted: 1 });
  });

  it('deletes every clock of an order that is removed', async () => {
    expect(await handler({ Records: [record('REMOVE', image(open), undefined)] }, context)).toEqual({ created: 0, deleted: 1 });
  });
});
