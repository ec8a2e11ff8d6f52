import sanitizeHtml from 'sanitize-html';
import { EMAIL_TEXT_TAGS } from '../util/sanitize.js';

/**
 * Display-time sanitising of e-mail HTML, on the server, before the body reaches the sandboxed
 * iframe (defence in depth with BODY_CSP: either alone must keep the hostile corpus inert).
 *
 * Allow-list only. Dropped with their content: script, style sheets, SVG, MathML, templates,
 * iframes/objects/embeds, forms and their controls, meta/link/base. Dropped attributes: every event
 * handler, every URL attribute except `img src` pointing at an inline `cid:` part of the same
 * message (rewritten to the workbench's own endpoint). Links lose their href (a click inside the
 * frame would navigate the frame to the sender's server) and show the target as text instead, so an
 * investigator still sees where a phishing link pointed. Inline styles keep only properties whose
 * value holds no `url(`, `image-set(`, `expression(`, `@import` or CSS escape.
 */
export interface SanitizeOptions {
  /** Maps a `cid:` reference to a same-origin URL, or null to drop the image. */
  cidUrl?: (cid: string) => string | null;
}

const TEXT_TAGS = EMAIL_TEXT_TAGS;

/** Elements removed together with everything inside them. */
const DROP_WITH_CONTENT = [
  'script',
  'style',
  'svg',
  'math',
  'template',
  'noscript',
  'title',
  'head',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'form',
  'textarea',
  'select',
  'option',
  'button',
  'audio',
  'video',
  'canvas',
  'xml',
  'noembed',
  'noframes',
];

/** A CSS value is safe when it cannot fetch anything nor hide a fetch behind an escape. */
const SAFE_CSS_VALUE =
  /^(?!.*(?:url\s*\(|image-set|image\s*\(|expression|@import|\\|\/\*|javascript:|behavior)).*$/i;
const CSS_PROPS = [
  'color',
  'background-color',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-align',
  'text-decoration',
  'line-height',
  'margin',
  'margin-left',
  'margin-right',
  'margin-top',
  'margin-bottom',
  'padding',
  'padding-left',
  'padding-right',
  'padding-top',
  'padding-bottom',
  'border',
  'border-collapse',
  'width',
  'height',
  'vertical-align',
  'white-space',
];

/**
 * @example
 * sanitizeBody('<p onclick="x()">hi<img src="http://t.example/p.gif"></p>') // → '<p>hi</p>'
 */
export function sanitizeBody(html: string, opts: SanitizeOptions = {}): string {
  const allowedStyles: Record<string, Record<string, RegExp[]>> = { '*': {} };
  for (const p of CSS_PROPS) (allowedStyles['*'] as Record<string, RegExp[]>)[p] = [SAFE_CSS_VALUE];
  return sanitizeHtml(html, {
    allowedTags: TEXT_TAGS,
    allowedAttributes: {
      a: ['title'],
      img: ['src', 'alt', 'width', 'height'],
      td: ['colspan', 'rowspan', 'align', 'valign', 'width'],
      th: ['colspan', 'rowspan', 'align', 'valign', 'width'],
      table: ['border', 'cellpadding', 'cellspacing', 'width'],
      font: ['color', 'size'],
      '*': ['align', 'dir', 'lang', 'style'],
    },
    allowedStyles,
    allowedSchemes: [],
    allowedSchemesByTag: { img: ['cid'] },
    allowedSchemesAppliedToAttributes: ['src', 'href'],
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    nonTextTags: DROP_WITH_CONTENT,
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
    transformTags: {
      a: (tagName, attribs) => linkAsText(tagName, attribs),
      img: (tagName, attribs) => cidImage(tagName, attribs, opts),
    },
  });
}

function linkAsText(tagName: string, attribs: Record<string, string>): sanitizeHtml.Tag {
  const href = (attribs.href ?? '').trim();
  if (!href) return { tagName, attribs: {} };
  // Only web and mail targets are worth showing; a javascript:/data:/vbscript: link is named, not quoted.
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href.replace(/[\x00-\x20]/g, ''))?.[1]?.toLowerCase();
  const shown =
    scheme === 'http' || scheme === 'https' || scheme === 'mailto'
      ? href
      : `[${scheme ?? 'relative'} link removed]`;
  return { tagName, attribs: { title: `link to ${shown.slice(0, 500)}` } };
}

function cidImage(tagName: string, attribs: Record<string, string>, opts: SanitizeOptions): sanitizeHtml.Tag {
  const src = (attribs.src ?? '').trim();
  const m = /^cid:(.+)$/i.exec(src);
  const url = m?.[1] && opts.cidUrl ? opts.cidUrl(m[1]) : null;
  const keep: Record<string, string> = {};
  if (url) keep.src = url;
  if (attribs.alt) keep.alt = attribs.alt;
  for (const k of ['width', 'height'] as const)
    if (attribs[k] && /^\d{1,4}%?$/.test(attribs[k])) keep[k] = attribs[k];
  return { tagName, attribs: keep };
}
