import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEmail } from '../../functions/email/mime';

const fixture = (name: string) => parseEmail(readFileSync(resolve(import.meta.dirname, '../../events/email', name)));
const HEAD = 'From: li.lei@example.cn\r\nTo: service@95598.example.com\r\nSubject: test\r\n';
const html = (body: string) => parseEmail(Buffer.from(`${HEAD}Content-Type: text/html; charset=utf-8\r\n\r\n${body}\r\n`));

describe('parseEmail: what clients send', () => {
  it('decodes GB2312 words and body (Foxmail), keeping the raw headers for loop protection', async () => {
    const mail = await fixture('foxmail-gb2312-new.eml');
    expect(mail).toMatchObject({
      messageId: '<202611230915001234567@example.cn>',
      subject: '家里停电了',
      from: { address: 'li.lei@example.cn', name: '李雷' },
      cc: [{ address: 'wang.fang@example.cn', name: '王芳' }],
    });
    expect(mail.text).toContain('西湖区文三路100号3单元502室');
    expect(mail.headers['return-path']).toBe('<li.lei@example.cn>');
  });

  it('decodes Big5 quoted-printable (Apple Mail) and GBK replies with their references (Outlook)', async () => {
    expect((await fixture('apple-mail-big5.eml')).subject).toBe('停電報修');
    const reply = await fixture('outlook-gbk-reply-all-from-cc.eml');
    expect(reply).toMatchObject({ subject: '答复: 家里停电了', inReplyTo: ['<202611230915001234567@example.cn>'], references: ['<202611230915001234567@example.cn>'] });
  });

  it('renders HTML-only mail (Gmail) as text without markup or script', async () => {
    const mail = await fixture('gmail-html-only.eml');
    expect(mail.text).toBe('Hello,\n\nMy electricity bill for October is much higher than usual.\nCould you check the meter reading?\n\nThanks,\nAnna');
  });

  it('keeps an attachment with its decoded name, type and size', async () => {
    const [photo] = (await fixture('with-photo-attachment.eml')).attachments;
    expect(photo).toMatchObject({ filename: '电表.jpg', contentType: 'image/jpeg', size: photo?.content.byteLength });
  });

  it('reads Message-IDs written without angle brackets, in the case they were written', async () => {
    const mail = await parseEmail(Buffer.from(`${HEAD}Message-ID: ABC@example.cn\r\nIn-Reply-To: Prev@example.cn\r\nReferences: a@x <b@x>\r\n c@x\r\n\r\nx\r\n`));
    expect(mail).toMatchObject({ messageId: '<ABC@example.cn>', inReplyTo: ['<Prev@example.cn>'], references: ['<a@x>', '<b@x>', '<c@x>'] });
  });

  it('keeps a forwarded message without a disposition as an attachment, and names octet-stream photos by extension', async () => {
    const raw = [
      `${HEAD}Content-Type: multipart/mixed; boundary=q`,
      '',
      '--q\r\nContent-Type: text/plain\r\n\r\nsee below',
      '--q\r\nContent-Type: message/rfc822\r\n\r\nSubject: earlier\r\n\r\nearlier body',
      '--q\r\nContent-Type: application/octet-stream; name=meter.JPG\r\nContent-Transfer-Encoding: base64\r\n\r\n/9j/4AAQ',
      '--q--',
    ].join('\r\n');
    const mail = await parseEmail(Buffer.from(raw));
    expect(mail.text).toBe('see below');
    expect(mail.attachments.map((a) => a.contentType)).toEqual(['message/rfc822', 'image/jpeg']);
  });
});

describe('parseEmail: HTML as text', () => {
  it('keeps paragraphs, breaks, list items and link targets; drops head, style, script and comments; decodes entities', async () => {
    const mail = await html(
      '<!DOCTYPE html><html><head><title>T</title><style>p{color:red}</style></head><body>' +
        '<p>您好，&nbsp;我家<b>停电</b>了。</p><!-- hidden --><p>地址：文三路&#49;00号 &amp; 3单元<br>电话 &lt;略&gt;</p>' +
        '<ul><li>一</li><li>二</li></ul><p>1 < 2, <a href="https://example.com/x" title="a>b">照片</a></p><script>alert(1)</script></body></html>',
    );
    expect(mail.text).toBe('您好， 我家停电了。\n\n地址：文三路100号 & 3单元\n电话 <略>\n\n* 一\n* 二\n\n1 < 2, 照片 [https://example.com/x]');
  });

  // Each input is past the 2M-char cut; a backtracking converter would need hours for one of them.
  it('converts hostile markup (unclosed tags, comments, scripts) in linear time and cuts oversized HTML', { timeout: 15_000 }, async () => {
    for (const hostile of ['<a '.repeat(800_000), '<!--'.repeat(600_000), '<script>'.repeat(300_000), '<b> x '.repeat(400_000)]) {
      const mail = await html(hostile);
      expect(mail.text.length).toBeLessThanOrEqual(2_000_000);
      expect(mail.text).not.toContain('<b>');
    }
  });
});

describe('parseEmail: hostile MIME', () => {
  it('rejects headers past the limit with a clear error', async () => {
    await expect(parseEmail(Buffer.from(`${HEAD}X-Padding: ${'a'.repeat(2_000_000)}\r\n\r\nx`))).rejects.toThrow(/header size/i);
  });

  it('rejects multiparts nested past the limit with a clear error', async () => {
    let raw = `${HEAD}Content-Type: multipart/mixed; boundary=b0\r\n\r\n`;
    for (let i = 1; i < 1000; i++) raw += `--b${i - 1}\r\nContent-Type: multipart/mixed; boundary=b${i}\r\n\r\n`;
    await expect(parseEmail(Buffer.from(`${raw}x`))).rejects.toThrow(/nesting depth/i);
  });

  it('parses deeply forwarded messages, binary garbage and cut-off multiparts sanely', async () => {
    let forwarded = 'Subject: innermost\r\n\r\nhello';
    for (let i = 0; i < 50; i++) forwarded = `From: a${i}@example.cn\r\nSubject: s${i}\r\nContent-Type: message/rfc822\r\nContent-Disposition: inline\r\n\r\n${forwarded}`;
    expect((await parseEmail(Buffer.from(forwarded))).subject).toBe('s49');
    const garbage = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 256);
    await expect(parseEmail(garbage)).resolves.toMatchObject({ subject: '', attachments: [] });
    const cut = await parseEmail(Buffer.from(`${HEAD}Content-Type: multipart/mixed; boundary=q\r\n\r\n--q\r\nContent-Type: text/plain\r\n\r\nhi`));
    expect(cut.text).toBe('hi');
  });
});
