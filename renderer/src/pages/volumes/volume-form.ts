/**
 * Checks for the Create volume form, with the backend's rules (shared/schemas.ts) and words, so a
 * mistake is explained before the round trip. The backend validates again.
 */

const objectName = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** An error message for a name of a new volume or network, or null when it is fine. */
export function nameProblem(name: string, what: 'volume' | 'network'): string | null {
  if (name.length < 2) return `a ${what} name has at least 2 characters`;
  if (name.length > 200) return `a ${what} name has at most 200 characters`;
  if (!objectName.test(name)) return `a ${what} name starts with a letter or digit and holds only letters, digits and _ . -`;
  return null;
}

export interface LabelRow {
  key: string;
  value: string;
}

/** Label rows into a record; blank rows are skipped. */
export function labelsFromRows(rows: LabelRow[]): { labels: Record<string, string> } | { error: string } {
  const labels: Record<string, string> = {};
  for (const { key: rawKey, value } of rows) {
    const key = rawKey.trim();
    if (!key && !value) continue;
    if (!key) return { error: `the label with value "${value}" needs a name` };
    if (key.length > 256) return { error: `the label name "${key.slice(0, 20)}…" is longer than 256 characters` };
    if (value.length > 4096) return { error: `the value of label ${key} is longer than 4096 characters` };
    if (key in labels) return { error: `label ${key} is given twice` };
    labels[key] = value;
  }
  return { labels };
}
