import type { z } from 'zod';

/** Turns the first zod issue into one readable sentence: which field, what is wrong. */
export function describeIssues(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return 'Invalid input.';
  const where = first.path.length ? `${first.path.join('.')}: ` : '';
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? 's' : ''})` : '';
  return `Invalid input: ${where}${first.message}${more}.`;
}
