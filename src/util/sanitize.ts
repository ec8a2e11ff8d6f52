import sanitizeHtml from 'sanitize-html';

/** Elements of e-mail HTML that carry text and layout only: kept by both the storage-time and the
 * display-time sanitiser (src/web/sanitize.ts). */
export const EMAIL_TEXT_TAGS = [
  'a',
  'abbr',
  'b',
  'blockquote',
  'br',
  'caption',
  'center',
  'code',
  'col',
  'colgroup',
  'dd',
  'del',
  'div',
  'dl',
  'dt',
  'em',
  'font',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'img',
  'ins',
  'li',
  'ol',
  'p',
  'pre',
  'q',
  's',
  'small',
  'span',
  'strike',
  'strong',
  'sub',
  'sup',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'u',
  'ul',
];

/**
 * Storage-time sanitising of e-mail HTML (leaked mail is hostile content). It keeps link targets
 * (an investigator needs to see where a phishing link pointed); the workbench applies its own
 * stricter display pass on top (src/web/sanitize.ts turns links into inert text and maps cid:
 * images), so the two differ on purpose: sanitising the stored copy with the display rules would
 * lose the link targets. Kept: text formatting,
 * tables, links (http/https/mailto only, and they are neutralised by the viewer's CSP anyway).
 * Dropped: script, event handlers, style sheets and `url()`, forms, frames, objects, SVG, meta
 * refresh, and every remote resource: an <img> keeps only `cid:` sources (inline parts of the same
 * message); a remote image would be a tracking pixel telling the sender who reads the leak.
 */
export function sanitizeEmailHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: EMAIL_TEXT_TAGS,
    allowedAttributes: {
      a: ['href', 'title', 'rel', 'target'],
      img: ['src', 'alt', 'width', 'height'],
      td: ['colspan', 'rowspan', 'align', 'valign'],
      th: ['colspan', 'rowspan', 'align', 'valign'],
      table: ['border', 'cellpadding', 'cellspacing'],
      font: ['color', 'size'],
      '*': ['align', 'dir', 'lang'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['cid'] },
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    nonTextTags: [
      'script',
      'style',
      'textarea',
      'option',
      'noscript',
      'title',
      'head',
      'template',
      'svg',
      'math',
    ],
    transformTags: {
      a: (tagName, attribs) => ({
        tagName,
        attribs: { ...attribs, rel: 'noopener noreferrer nofollow', target: '_blank' },
      }),
    },
  });
}
