import render from 'dom-serializer';
import { Element } from 'domhandler';
import { appendChild, findAll, findOne } from 'domutils';
import { parseDocument } from 'htmlparser2';

/** How to track one email: where each link and the pixel go, and which links to leave alone. */
export interface TrackingPlan {
  /** The tracked address of link number `index` (0-based, document order) that pointed at `url`. */
  clickUrl: (index: number, url: string) => string;
  /** The open pixel's address. */
  pixelUrl: string;
  /** True for links that must keep working as they are (unsubscribe, preferences, surveys). */
  leaveAlone: (url: string) => boolean;
}

/** A tracked email's HTML and the links it rewrote, in index order. */
export interface TrackedHtml {
  html: string;
  links: string[];
}

const TRACKABLE = /^https?:\/\//i;

/**
 * Rewrites every http(s) `<a href>` of an email's HTML to its tracked address and adds a 1×1 open
 * pixel at the end of the body. mailto:, tel:, anchors and the links `leaveAlone` names stay as they
 * are; so does markup inside comments (Outlook's conditional blocks), which the parser keeps verbatim.
 */
export function trackHtml(html: string, plan: TrackingPlan): TrackedHtml {
  const document = parseDocument(html);
  const links: string[] = [];
  for (const a of findAll((el) => el.name === 'a' && typeof el.attribs.href === 'string', document.children)) {
    const url = (a.attribs.href ?? '').trim();
    if (!TRACKABLE.test(url) || plan.leaveAlone(url)) continue;
    a.attribs.href = plan.clickUrl(links.length, url);
    links.push(url);
  }
  const pixel = new Element('img', {
    src: plan.pixelUrl,
    width: '1',
    height: '1',
    alt: '',
    style: 'display:block;width:1px;height:1px;border:0;',
  });
  const body = findOne((el) => el.name === 'body', document.children);
  appendChild(body ?? document, pixel);
  return { html: render(document, { encodeEntities: 'utf8', emptyAttrs: true }), links };
}
