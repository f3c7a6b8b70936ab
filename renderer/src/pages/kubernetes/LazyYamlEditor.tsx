import { lazy, Suspense, type ComponentProps } from 'react';

// CodeMirror is a large part of the bundle: it loads when an editor is first shown.
const YamlEditor = lazy(() => import('./YamlEditor').then((m) => ({ default: m.YamlEditor })));

export function LazyYamlEditor(props: ComponentProps<typeof YamlEditor>) {
  return (
    <Suspense fallback={<p className="muted">Loading the editor…</p>}>
      <YamlEditor {...props} />
    </Suspense>
  );
}
