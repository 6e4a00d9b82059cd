import { describe, expect, it } from 'vitest';
import { countSmsParts } from '../../functions/outbound/sms-parts';

describe('SMS part counting', () => {
  it.each([
    ['160 GSM-7 characters', 'a'.repeat(160), 'GSM-7', 1],
    ['161 GSM-7 characters', 'a'.repeat(161), 'GSM-7', 2],
    ['306 GSM-7 characters (2 x 153)', 'a'.repeat(306), 'GSM-7', 2],
    ['307 GSM-7 characters', 'a'.repeat(307), 'GSM-7', 3],
    ['70 Chinese characters', '停'.repeat(70), 'UCS-2', 1],
    ['71 Chinese characters', '停'.repeat(71), 'UCS-2', 2],
    ['134 Chinese characters (2 x 67)', '停'.repeat(134), 'UCS-2', 2],
    ['135 Chinese characters', '停'.repeat(135), 'UCS-2', 3],
  ])('%s', (_name, text, encoding, parts) => {
    expect(countSmsParts(text)).toMatchObject({ encoding, parts });
  });

  it('counts extension characters (€, braces) as two septets', () => {
    expect(countSmsParts('€'.repeat(80))).toMatchObject({ encoding: 'GSM-7', units: 160, parts: 1 });
    expect(countSmsParts(`${'€'.repeat(80)}a`)).toMatchObject({ units: 161, parts: 2 });
  });

  it('never splits an escape pair across parts', () => {
    // 152 plain septets then a 2-septet character: 154 do not fit in 153, the pair moves to part 2.
    expect(countSmsParts(`${'a'.repeat(152)}{${'a'.repeat(10)}`)).toMatchObject({ units: 164, parts: 2 });
    expect(countSmsParts(`${'a'.repeat(152)}{${'a'.repeat(152)}`)).toMatchObject({ units: 306, parts: 3 });
  });

  it('turns a whole English message into UCS-2 for one Chinese character or emoji', () => {
    expect(countSmsParts(`${'a'.repeat(69)}电`)).toMatchObject({ encoding: 'UCS-2', parts: 1 });
    expect(countSmsParts(`${'a'.repeat(70)}电`)).toMatchObject({ encoding: 'UCS-2', parts: 2 });
    expect(countSmsParts('😀'.repeat(35))).toMatchObject({ encoding: 'UCS-2', units: 70, parts: 1 });
  });

  it('never splits a surrogate pair (emoji) across parts', () => {
    expect(countSmsParts(`${'停'.repeat(66)}😀${'停'.repeat(66)}`)).toMatchObject({ units: 134, parts: 3 });
  });
});
