// antd Form rules from the shared zod schemas, so forms say exactly what the server would.
import type { FormInstance, FormRule } from 'antd';
import type { z } from 'zod';

export function zodRule(schema: z.ZodType): FormRule {
  return {
    validator: async (_rule, value) => {
      // emptiness is the `required` rule's job (with a field-specific message)
      if (value === '' || value === undefined || value === null) return;
      const r = schema.safeParse(value);
      if (!r.success) throw new Error(r.error.issues[0]?.message ?? '');
    },
  };
}

/** Trimmed strings; empty → null (what the API's nullable fields expect). */
export function blankToNull<T extends object>(v: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const s = typeof x === 'string' ? x.trim() : x;
    out[k] = s === '' || s === undefined ? null : s;
  }
  return out as T;
}

/** Puts the server's per-field messages onto the form; true when something was placed. */
export function applyFieldErrors<T>(form: FormInstance<T>, fields: Record<string, string> | undefined): boolean {
  if (!fields || Object.keys(fields).length === 0) return false;
  // the server names fields by the body's keys, which are the form's names
  form.setFields(Object.entries(fields).map(([name, err]) => ({ name: name as never, errors: [err] })));
  return true;
}
