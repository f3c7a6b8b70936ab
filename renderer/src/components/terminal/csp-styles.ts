/**
 * xterm.js 6 writes some of its CSS into <style> elements it creates (the viewport's scrollbar
 * colours always; the DOM renderer's theme, cursor and row rules when WebGL is not used). Berth's
 * CSP (`style-src 'self'`) rightly refuses inline style blocks: Chromium reports a violation as
 * soon as such an element is connected, even empty, and drops its rules. Rather than loosen the
 * policy, while `fn` runs `document.createElement('style')` hands xterm an inert stand-in (a
 * <template>, which is never a style block) whose `textContent` goes into a constructed
 * stylesheet adopted by the document: CSSOM, which the CSP does not govern (like element.style).
 * xterm only sets that text and calls remove(). The prototype is patched for the synchronous
 * duration of `fn` and restored at once.
 */
export function withAdoptedStyles<T>(fn: () => T): T {
  if (typeof CSSStyleSheet === 'undefined' || !('adoptedStyleSheets' in Document.prototype)) return fn();
  const proto = Document.prototype;
  const original = proto.createElement;
  function createElement(this: Document, tagName: string, options?: ElementCreationOptions): HTMLElement {
    if (tagName.toLowerCase() === 'style') return adoptedStandIn(this, original.call(this, 'template'));
    return original.call(this, tagName, options);
  }
  proto.createElement = createElement as typeof proto.createElement;
  try {
    return fn();
  } finally {
    proto.createElement = original;
  }
}

function adoptedStandIn(doc: Document, element: HTMLElement): HTMLElement {
  const sheet = new CSSStyleSheet();
  let text = '';
  let adopted = false;
  element.dataset.adoptedStyle = '';
  Object.defineProperty(element, 'textContent', {
    configurable: true,
    get: () => text,
    set: (value: string | null) => {
      text = value ?? '';
      sheet.replaceSync(text);
      if (!adopted) {
        doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
        adopted = true;
      }
    },
  });
  const remove = element.remove.bind(element);
  element.remove = () => {
    if (adopted) {
      doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => s !== sheet);
      adopted = false;
    }
    remove();
  };
  return element;
}

/**
 * The DOM renderer also sets truecolor cell colours through setAttribute('style', ...), which the
 * CSP refuses as an inline style. When that renderer is in use, its row factory's one helper for
 * this is pointed at the CSSOM instead (`element.style`). xterm's internals are reached
 * defensively: if they are not where expected, nothing is changed (truecolor cells then fall back
 * to the default colour under the DOM renderer, and the console says why).
 */
export function cssomRowStyles(terminal: unknown): boolean {
  const renderer = (terminal as { _core?: { _renderService?: { _renderer?: { value?: unknown } } } })._core?._renderService?._renderer?.value as
    | { _rowFactory?: { _addStyle?: unknown } }
    | undefined;
  const factory = renderer?._rowFactory;
  if (!factory || typeof factory._addStyle !== 'function') return false;
  factory._addStyle = (element: HTMLElement, style: string): void => {
    const colon = style.indexOf(':');
    if (colon > 0) element.style.setProperty(style.slice(0, colon).trim(), style.slice(colon + 1).trim());
  };
  return true;
}
