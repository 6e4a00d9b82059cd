import { describe, expect, it } from 'vitest';
import { containerShare, dispatchBatchSize, readDispatcherConfig } from '../../functions/outbound/config';

describe('dispatch batch size', () => {
  it('keeps batches of 10 at the stages’ shares, where a batch already lasts seconds', () => {
    expect(dispatchBatchSize({ smsPartsPerSecond: 1, voiceCallsPerSecond: 1 })).toBe(10);
    expect(dispatchBatchSize({ smsPartsPerSecond: containerShare(20, 4), voiceCallsPerSecond: containerShare(4, 4) })).toBe(10);
  });

  it('gives a container with a large share about two seconds of texts a batch, up to 100', () => {
    expect(dispatchBatchSize({ smsPartsPerSecond: 25, voiceCallsPerSecond: 25 })).toBe(50);
    expect(dispatchBatchSize({ smsPartsPerSecond: 200, voiceCallsPerSecond: 200 })).toBe(100);
  });

  it('never holds more calls than six seconds of the voice share', () => {
    expect(dispatchBatchSize({ smsPartsPerSecond: 50, voiceCallsPerSecond: 3 })).toBe(18);
  });

  it('is computed from the same share the dispatcher paces at', () => {
    const config = readDispatcherConfig({ SMS_PARTS_PER_SECOND: '200', VOICE_CALLS_PER_SECOND: '7', DISPATCHER_CONCURRENCY: '4' });
    expect([config.smsPartsPerSecond, config.voiceCallsPerSecond]).toEqual([containerShare(200, 4), containerShare(7, 4)]);
    expect(containerShare(7, 4)).toBe(1);
  });
});
