// zod issues as lint messages: short, naming the field, in the words of the format.
import type { z } from 'zod';

export interface Issue {
  path: (string | number)[];
  message: string;
}

function message(i: z.core.$ZodIssue): string {
  const key = i.path.length ? `${String(i.path[i.path.length - 1])}: ` : '';
  if (i.code === 'unrecognized_keys') return `unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')}`;
  if (i.code === 'invalid_type' && i.input === undefined) return `${key}missing (required)`;
  if (i.code === 'invalid_value' && 'values' in i) return `${key}must be one of ${i.values.map(String).join(', ')}`;
  return `${key}${i.message}`;
}

/** zod issues with their paths below `prefix`. */
export function zodIssues(issues: z.core.$ZodIssue[], prefix: (string | number)[] = []): Issue[] {
  return issues.map((i) => {
    const path = [...prefix, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    // An unknown key is reported at its own line.
    return { path: i.code === 'unrecognized_keys' ? [...path, i.keys[0]] : path, message: message(i) };
  });
}
