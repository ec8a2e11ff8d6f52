/**
 * What the first bytes of a 7z or RAR archive say when 7-Zip cannot open it: headers encrypted
 * with a password (names hidden too), or an archive shorter than its own start header declares.
 * 7-Zip's WASM build aborts on a password prompt without a readable message, so this reads the
 * formats directly: 7z signature header (7zFormat.txt "SignatureHeader"), RAR 5 archive
 * encryption header (rarlab RAR 5.0 technote, header type 4), RAR 4 main header flag 0x0080.
 */
export function diagnoseHeaders(data: Buffer): { reason: string; message: string } | null {
  if (data.length >= 32 && data.readUInt32BE(0) === 0x377abcaf) return sevenZip(data);
  if (data.length >= 8 && data.toString('latin1', 0, 6) === 'Rar!\x1a\x07') return rar(data);
  return null;
}

function sevenZip(data: Buffer) {
  const offset = Number(data.readBigUInt64LE(12));
  const size = Number(data.readBigUInt64LE(20));
  const end = 32 + offset + size;
  if (end > data.length)
    return {
      reason: 'truncated',
      message: `archive is ${data.length} bytes but its start header places the end header at ${end}`,
    };
  const header = data.subarray(32 + offset, end);
  // kEncodedHeader (0x17) whose coders include 7zAES (method id 06 F1 07 01).
  if (header[0] === 0x17 && header.includes(Buffer.from([0x06, 0xf1, 0x07, 0x01]))) {
    return { reason: 'encrypted', message: 'headers are encrypted with a password (entry names hidden)' };
  }
  return null;
}

function rar(data: Buffer) {
  if (data[6] === 0x01 && data[7] === 0x00) {
    // RAR 5: CRC32, vint header size, vint header type; type 4 = archive encryption header.
    let p = 12;
    while (p < data.length && (data[p]! & 0x80) !== 0) p++;
    if (data[p + 1] === 0x04)
      return { reason: 'encrypted', message: 'headers are encrypted with a password (entry names hidden)' };
    return null;
  }
  // RAR 4: 7-byte marker, then main header: CRC16, type 0x73, flags (0x0080 = headers encrypted).
  if (data[9] === 0x73 && (data.readUInt16LE(10) & 0x0080) !== 0) {
    return { reason: 'encrypted', message: 'headers are encrypted with a password (entry names hidden)' };
  }
  return null;
}
