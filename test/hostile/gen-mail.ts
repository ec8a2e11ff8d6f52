/** A message with `n` small attachments (issue #18: 20,000 of them extracted none). */
export function manyAttachmentsEml(n: number): Buffer {
  const parts: string[] = [
    'From: Jean <jean@org.example>',
    'To: marie@org.example',
    'Subject: Pièces jointes',
    'Date: Tue, 28 Mar 2017 10:00:00 +0200',
    'Message-ID: <many@org.example>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="sep"',
    '',
    '--sep',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Voici les pièces.',
  ];
  for (let i = 1; i <= n; i++)
    parts.push(
      '--sep',
      `Content-Type: text/plain; name="piece-${i}.txt"`,
      `Content-Disposition: attachment; filename="piece-${i}.txt"`,
      '',
      `contenu ${i}`,
    );
  parts.push('--sep--', '');
  return Buffer.from(parts.join('\r\n'));
}
