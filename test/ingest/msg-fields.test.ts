import assert from 'node:assert/strict';
import { test } from 'node:test';
import iconv from 'iconv-lite';
import { msgIngestor } from '../../src/ingest/email/msg.js';
import { ansiCodepage } from '../../src/ingest/email/msg-fields.js';
import { DEFAULT_LIMITS } from '../../src/ingest/limits.js';
import { buildMsg, PR } from './gen-msg.js';

/** Defects real .msg files showed (docs/realworld.md), reproduced on generated messages. */
async function read(data: Buffer) {
  const out = await msgIngestor.ingest({ data, name: 'gen.msg', limits: DEFAULT_LIMITS } as never);
  assert.equal(out.kind, 'Email');
  return (out as { email: import('../../src/model/entities.js').EmailRecord }).email;
}

const ansi = (s: string, cp: string) => iconv.encode(s, cp);

test('msg: a draft without PR_CLIENT_SUBMIT_TIME is dated by PR_MESSAGE_DELIVERY_TIME, then by its own times', async () => {
  const delivery = new Date('2021-11-05T10:25:17Z');
  const e = await read(
    buildMsg({
      ansi: { [PR.MESSAGE_CLASS]: Buffer.from('IPM.Note'), [PR.SUBJECT]: Buffer.from('Draft') },
      times: { [PR.MESSAGE_DELIVERY_TIME]: delivery, [PR.CREATION_TIME]: new Date('2021-11-05T10:25:21Z') },
    }),
  );
  assert.equal(e.subject, 'Draft');
  assert.equal(e.date, delivery.toISOString());
  assert.match(e.dateRaw ?? '', /^PR_MESSAGE_DELIVERY_TIME/);
  const unsent = await read(
    buildMsg({
      ansi: { [PR.MESSAGE_CLASS]: Buffer.from('IPM.Note'), [PR.SUBJECT]: Buffer.from('Never sent') },
      times: { [PR.CREATION_TIME]: new Date('2016-02-23T14:57:50Z') },
    }),
  );
  assert.equal(unsent.date, '2016-02-23T14:57:50.000Z');
  assert.match(unsent.dateRaw ?? '', /^PR_CREATION_TIME/);
  const submitted = await read(
    buildMsg({
      ansi: { [PR.MESSAGE_CLASS]: Buffer.from('IPM.Note') },
      times: {
        [PR.CLIENT_SUBMIT_TIME]: new Date('2020-01-01T00:00:00Z'),
        [PR.MESSAGE_DELIVERY_TIME]: delivery,
      },
    }),
  );
  assert.equal(submitted.date, '2020-01-01T00:00:00.000Z', 'the submit time wins when present');
});

test('msg: 8-bit subjects and bodies decoded with the code page of the message locale (932, 950)', async () => {
  const ja = await read(
    buildMsg({
      ansi: {
        [PR.MESSAGE_CLASS]: Buffer.from('IPM.Note'),
        [PR.SUBJECT]: ansi('日本語 Non Unicode タイトル', 'cp932'),
        [PR.BODY]: ansi('日本語 本文', 'cp932'),
      },
      // Japanese Outlook: internet code page 50220 (ISO-2022-JP, the MIME charset), locale ja-JP.
      ints: { [PR.INTERNET_CPID]: 50220, [PR.MESSAGE_LOCALE_ID]: 1041 },
    }),
  );
  assert.equal(ja.subject, '日本語 Non Unicode タイトル');
  assert.equal(ja.text.trim(), '日本語 本文');
  const tw = await read(
    buildMsg({
      ansi: { [PR.MESSAGE_CLASS]: Buffer.from('IPM.Note'), [PR.SUBJECT]: ansi('MSG 格式測試', 'cp950') },
      ints: { [PR.INTERNET_CPID]: 950, [PR.MESSAGE_LOCALE_ID]: 1028 },
    }),
  );
  assert.equal(tw.subject, 'MSG 格式測試');
  const ru = await read(
    buildMsg({
      ansi: { [PR.MESSAGE_CLASS]: Buffer.from('IPM.Note'), [PR.SUBJECT]: ansi('Отчёт', 'cp1251') },
      ints: { [PR.MESSAGE_CODEPAGE]: 1251 },
    }),
  );
  assert.equal(ru.subject, 'Отчёт');
  assert.equal(ansiCodepage({ messageLocaleId: 2052 }), 936, 'zh-CN');
  assert.equal(ansiCodepage({ messageLocaleId: 1033, internetCodepage: 20127 }), null, 'en-US: Windows-1252');
});

test('msg: a contact gets its properties as text (name, company, phones)', async () => {
  const e = await read(
    buildMsg({
      ansi: { [PR.MESSAGE_CLASS]: Buffer.from('IPM.Contact') },
      unicode: {
        [PR.SUBJECT]: 'Swetlana Novikova',
        [PR.DISPLAY_NAME]: 'Swetlana Novikova',
        [PR.COMPANY_NAME]: 'Scalabium',
        [PR.MOBILE_TELEPHONE]: '+380 44 123 4567',
        [PR.BUSINESS_TELEPHONE]: '+380 44 765 4321',
      },
    }),
  );
  assert.match(e.text, /^Name: Swetlana Novikova$/m);
  assert.match(e.text, /^Company: Scalabium$/m);
  assert.match(e.text, /^Mobile: \+380 44 123 4567$/m);
  assert.match(e.text, /^Business phone: \+380 44 765 4321$/m);
});
