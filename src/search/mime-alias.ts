/**
 * `mime:xlsx` means "Excel workbooks", not "a MIME type containing the letters xlsx" (none does:
 * the type is application/vnd.openxmlformats-officedocument.spreadsheetml.sheet). The types are
 * the IANA registrations each format's owner made; where a format has an older alias still seen in
 * leaks, both are listed.
 */
const BY_EXTENSION: Record<string, string[]> = {
  pdf: ['application/pdf'],
  doc: ['application/msword'],
  docx: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  xls: ['application/vnd.ms-excel'],
  xlsx: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ppt: ['application/vnd.ms-powerpoint'],
  pptx: ['application/vnd.openxmlformats-officedocument.presentationml.presentation'],
  odt: ['application/vnd.oasis.opendocument.text'],
  ods: ['application/vnd.oasis.opendocument.spreadsheet'],
  odp: ['application/vnd.oasis.opendocument.presentation'],
  rtf: ['application/rtf', 'text/rtf'],
  txt: ['text/plain'],
  csv: ['text/csv'],
  htm: ['text/html'],
  html: ['text/html'],
  eml: ['message/rfc822'],
  msg: ['application/vnd.ms-outlook'],
  mbox: ['application/mbox'],
  zip: ['application/zip'],
  jpg: ['image/jpeg'],
  jpeg: ['image/jpeg'],
  png: ['image/png'],
  gif: ['image/gif'],
  tif: ['image/tiff'],
  tiff: ['image/tiff'],
};

/** The MIME types a file extension stands for (`xlsx`, `.xlsx`), or null when it is not one. */
export function mimeOfExtension(v: string): string[] | null {
  return BY_EXTENSION[v.toLowerCase().replace(/^\./, '')] ?? null;
}
