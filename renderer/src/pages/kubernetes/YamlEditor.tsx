import { useEffect, useRef } from 'react';
import { EditorState, type Extension } from '@codemirror/state';
import { EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { HighlightStyle, indentOnInput, bracketMatching, syntaxHighlighting } from '@codemirror/language';
import { yaml } from '@codemirror/lang-yaml';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { highlightSelectionMatches, search, searchKeymap } from '@codemirror/search';
import { tags } from '@lezer/highlight';

/** A mark on a line: where a document's problem is. */
export interface LineMark {
  line: number;
  message: string;
  severity: 'error' | 'warning' | 'info';
}

const highlight = HighlightStyle.define([
  { tag: [tags.propertyName, tags.definition(tags.propertyName)], color: 'var(--yaml-key)' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--yaml-string)' },
  { tag: [tags.number, tags.bool, tags.null], color: 'var(--yaml-number)' },
  { tag: [tags.keyword, tags.typeName, tags.labelName, tags.meta], color: 'var(--yaml-keyword)' },
  { tag: tags.comment, color: 'var(--yaml-comment)', fontStyle: 'italic' },
  { tag: [tags.punctuation, tags.separator, tags.squareBracket, tags.brace], color: 'var(--muted)' },
  { tag: tags.invalid, color: 'var(--bad)' },
]);

/** The app's colours, light or dark: CSS variables (kube.css) inherit into the shadow root. */
const theme = EditorView.theme(
  {
    '&': { color: 'var(--text)', backgroundColor: 'var(--bg)', height: '100%', fontSize: '12.5px', border: '1px solid var(--border)', borderRadius: '6px' },
    '&.cm-focused': { outline: '2px solid var(--accent)', outlineOffset: '1px' },
    '.cm-scroller': { fontFamily: "ui-monospace, 'SFMono-Regular', 'DejaVu Sans Mono', monospace", lineHeight: '1.5' },
    '.cm-content': { caretColor: 'var(--text)' },
    '.cm-gutters': { backgroundColor: 'var(--panel)', color: 'var(--muted)', border: 'none', borderRight: '1px solid var(--border)' },
    '.cm-activeLine': { backgroundColor: 'var(--yaml-active-line)' },
    '.cm-activeLineGutter': { backgroundColor: 'var(--yaml-active-line)' },
    '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--yaml-selection)' },
    '.cm-cursor': { borderLeftColor: 'var(--text)' },
    '.cm-panels': { backgroundColor: 'var(--panel)', color: 'var(--text)' },
    '.cm-panels input, .cm-panels button': { color: 'var(--text)', backgroundColor: 'var(--panel-2)', border: '1px solid var(--border)', borderRadius: '4px' },
    '.cm-tooltip': { backgroundColor: 'var(--panel-2)', border: '1px solid var(--border)', color: 'var(--text)' },
    '.cm-diagnostic-error': { borderLeftColor: 'var(--bad)' },
  },
);

function diagnostics(state: EditorState, marks: LineMark[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const m of marks) {
    if (m.line < 1 || m.line > state.doc.lines) continue;
    const line = state.doc.line(m.line);
    out.push({ from: line.from, to: Math.max(line.from, line.to), severity: m.severity, message: m.message });
  }
  return out;
}

interface Props {
  value: string;
  onChange?(text: string): void;
  readOnly?: boolean;
  marks?: LineMark[];
  label: string;
  /** Moves the cursor to this line (1-based) when it changes. */
  focusLine?: { line: number; nonce: number } | null;
}

/**
 * A YAML editor: CodeMirror 6 with YAML highlighting, search, undo and line marks for the
 * apiserver's answers. CodeMirror's StyleModule writes its CSS into a <style> element when it is
 * mounted in a document, which Berth's CSP (style-src 'self') refuses; in a shadow root it uses a
 * constructed stylesheet (adoptedStyleSheets) instead, which the CSP does not govern. So the editor
 * lives in a shadow root of its own, and its look comes from the theme below, not styles.css.
 */
export function YamlEditor({ value, onChange, readOnly = false, marks = [], label, focusLine }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const changeRef = useRef(onChange);
  useEffect(() => {
    changeRef.current = onChange;
  });

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const shadow = el.shadowRoot ?? el.attachShadow({ mode: 'open' });
    const mount = document.createElement('div');
    mount.style.height = '100%';
    shadow.appendChild(mount);
    const extensions: Extension[] = [
      lineNumbers(),
      highlightActiveLineGutter(),
      highlightActiveLine(),
      drawSelection(),
      history(),
      indentOnInput(),
      bracketMatching(),
      highlightSelectionMatches(),
      search({ top: true }),
      lintGutter(),
      yaml(),
      syntaxHighlighting(highlight),
      theme,
      keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap, indentWithTab]),
      EditorState.tabSize.of(2),
      EditorState.readOnly.of(readOnly),
      EditorView.editable.of(!readOnly),
      EditorView.contentAttributes.of({ 'aria-label': label }),
      EditorView.updateListener.of((u) => {
        if (u.docChanged) changeRef.current?.(u.state.doc.toString());
      }),
    ];
    const v = new EditorView({ state: EditorState.create({ doc: value, extensions }), parent: mount, root: shadow });
    view.current = v;
    return () => {
      v.destroy();
      mount.remove();
      view.current = null;
    };
    // The editor is made once; value and marks follow through the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [readOnly, label]);

  // A value from outside (a loaded object, "Edit YAML"): replace the text when it differs.
  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    const v = view.current;
    if (v) v.dispatch(setDiagnostics(v.state, diagnostics(v.state, marks)));
  }, [marks]);

  useEffect(() => {
    const v = view.current;
    if (!v || !focusLine || focusLine.line < 1 || focusLine.line > v.state.doc.lines) return;
    const line = v.state.doc.line(focusLine.line);
    v.dispatch({ selection: { anchor: line.from }, scrollIntoView: true });
    v.focus();
  }, [focusLine]);

  return <div ref={host} className="kube-editor" data-yaml-editor data-readonly={readOnly || undefined} />;
}
