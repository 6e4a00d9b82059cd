import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { isoDateTime } from '../../functions/shared/iso-datetime';

const INSTANTS = [
  '2026-12-01T02:03:04Z',
  '2026-12-01T02:03:04.567Z',
  '2026-12-01T10:03:04+08:00',
  '2026-12-01T10:03:04+0800',
  '2028-02-29T00:00:00Z',
  '2026-02-29T00:00:00Z',
  '2026-13-01T00:00:00Z',
  '2026-12-01 02:03:04Z',
  '2026-12-01T02:03:04',
  '2026-12-01',
  '',
  42,
];

describe('isoDateTime', () => {
  it.each([undefined, { offset: true }, { local: true }] as const)('accepts and refuses what z.iso.datetime(%o) does, with the same issues', (params) => {
    for (const input of INSTANTS) {
      const ours = isoDateTime(params).safeParse(input);
      const zods = z.iso.datetime(params).safeParse(input);
      expect({ input, success: ours.success, issues: ours.error?.issues }).toEqual({ input, success: zods.success, issues: zods.error?.issues });
    }
  });
});
