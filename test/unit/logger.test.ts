import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { injectLambdaContext, JsonLogger } from '../../functions/shared/logger';

/** A Lambda context as the runtime gives it (memoryLimitInMB is a string there). */
const context = (awsRequestId: string) =>
  ({
    functionName: 'hotline-clock-keeper',
    invokedFunctionArn: 'arn:aws:lambda:ap-southeast-1:111122223333:function:hotline-clock-keeper',
    memoryLimitInMB: '256',
    awsRequestId,
    getRemainingTimeInMillis: () => 10_000,
  }) as unknown as Context;

const LAMBDA_ENV = {
  POWERTOOLS_SERVICE_NAME: 'clock-keeper',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
  _X_AMZN_TRACE_ID: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=557abcec3ee5a047;Sampled=1',
};

/** The lines written to stdout while `run` runs, parsed: what CloudWatch Logs receives. */
async function linesDuring(run: () => unknown): Promise<Record<string, unknown>[]> {
  const writes = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    await run();
    return writes.mock.calls.map(([chunk]) => {
      expect(String(chunk)).toMatch(/^[^\n]*\n$/);
      return JSON.parse(String(chunk)) as Record<string, unknown>;
    });
  } finally {
    writes.mockRestore();
  }
}

afterEach(() => vi.useRealTimers());

describe('the JSON logger', () => {
  it('writes one line per entry with the fields Powertools Logger printed, the invocation\'s among them', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-01T02:03:04.567Z'));
    const logger = new JsonLogger(LAMBDA_ENV);
    const handler = middy(async () => logger.info('clocks kept', { created: 2, deleted: 1 })).use(injectLambdaContext(logger));
    const [line] = await linesDuring(() => handler({}, context('req-1')));
    expect(line).toEqual({
      level: 'INFO',
      message: 'clocks kept',
      timestamp: '2026-12-01T02:03:04.567Z',
      service: 'clock-keeper',
      cold_start: true,
      function_arn: 'arn:aws:lambda:ap-southeast-1:111122223333:function:hotline-clock-keeper',
      function_memory_size: '256',
      function_name: 'hotline-clock-keeper',
      function_request_id: 'req-1',
      xray_trace_id: '1-5759e988-bd862e3fe1be46a994272793',
      created: 2,
      deleted: 1,
    });
    expect(Object.keys(line!).slice(0, 4)).toEqual(['level', 'message', 'timestamp', 'service']);
  });

  it('gives each invocation its own request id, reports the cold start once, and leaves none on lines between invocations', async () => {
    const logger = new JsonLogger(LAMBDA_ENV);
    const handler = middy(async (event: { fail: boolean }) => {
      logger.info('working');
      if (event.fail) throw new Error('boom');
    }).use(injectLambdaContext(logger));
    const lines = await linesDuring(async () => {
      await handler({ fail: false }, context('req-1'));
      await expect(handler({ fail: true }, context('req-2'))).rejects.toThrow('boom');
      logger.warn('between invocations');
      await handler({ fail: false }, context('req-3'));
    });
    expect(lines.map((l) => [l.message, l.function_request_id, l.cold_start])).toEqual([
      ['working', 'req-1', true],
      ['working', 'req-2', false],
      ['between invocations', undefined, undefined],
      ['working', 'req-3', false],
    ]);
    expect(lines[2]).not.toHaveProperty('function_name');
  });

  it('reports no cold start outside an on-demand container (provisioned concurrency, a test, the local runtime)', async () => {
    const logger = new JsonLogger({ ...LAMBDA_ENV, AWS_LAMBDA_INITIALIZATION_TYPE: 'provisioned-concurrency' });
    const handler = middy(async () => logger.info('working')).use(injectLambdaContext(logger));
    expect((await linesDuring(() => handler({}, context('req-1'))))[0]).toMatchObject({ cold_start: false });
  });

  it('prints only entries at or above POWERTOOLS_LOG_LEVEL, in any case, INFO when it is unset or unknown, nothing when SILENT', async () => {
    const levelsPrinted = async (level: string | undefined) => {
      const logger = new JsonLogger({ POWERTOOLS_LOG_LEVEL: level });
      const lines = await linesDuring(() => {
        logger.debug('d');
        logger.info('i');
        logger.warn('w');
        logger.error('e');
      });
      return lines.map((l) => l.level);
    };
    expect(await levelsPrinted('WARN')).toEqual(['WARN', 'ERROR']);
    expect(await levelsPrinted('debug')).toEqual(['DEBUG', 'INFO', 'WARN', 'ERROR']);
    expect(await levelsPrinted(undefined)).toEqual(['INFO', 'WARN', 'ERROR']);
    expect(await levelsPrinted('LOUD')).toEqual(['INFO', 'WARN', 'ERROR']);
    expect(await levelsPrinted('SILENT')).toEqual([]);
  });

  it('serialises an Error with its name, location, message, stack, cause and own fields', async () => {
    const logger = new JsonLogger({});
    const cause = new Error('socket hang up');
    // Thrown in a named function, as an error is in the code: its stack frame names the file in parentheses, where the location is read.
    function writeItem() {
      return Object.assign(new Error('The conditional request failed', { cause }), { name: 'ConditionalCheckFailedException', $metadata: { httpStatusCode: 400 } });
    }
    const error = writeItem();
    const [line] = await linesDuring(() => logger.error('write refused', { error }));
    expect(line).toMatchObject({
      level: 'ERROR',
      message: 'write refused',
      error: {
        name: 'ConditionalCheckFailedException',
        location: expect.stringMatching(/logger\.test\.ts:\d+$/),
        message: 'The conditional request failed',
        stack: expect.stringContaining('logger.test.ts'),
        cause: { name: 'Error', message: 'socket hang up', stack: expect.any(String) },
        $metadata: { httpStatusCode: 400 },
      },
    });
  });

  it('keeps its own fields over attributes of the same name, and still writes a line when the attributes are not JSON', async () => {
    const logger = new JsonLogger({ POWERTOOLS_SERVICE_NAME: 'sms-inbound' });
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const [overridden, unserialisable] = await linesDuring(() => {
      logger.info('sms received', { level: 'DEBUG', message: 'other', service: 'other', timestamp: 'then', count: 10n });
      logger.info('sms received', { circular });
    });
    expect(overridden).toMatchObject({ level: 'INFO', message: 'sms received', service: 'sms-inbound', count: '10' });
    expect(overridden!.timestamp).not.toBe('then');
    expect(unserialisable).toMatchObject({ level: 'INFO', message: 'sms received', service: 'sms-inbound', log_error: 'attributes not serialisable: TypeError' });
  });
});
