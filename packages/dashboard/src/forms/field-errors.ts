// Puts the server's validation errors (`{ error: { details: [{ path, message }] } }`) beside the
// form fields they name; what names no field is shown at the top of the form.

import type { ErrorDetail } from '@vigil/wire';

export interface FormErrors {
  /** Field name → message. */
  byField: Record<string, string>;
  /** Messages that belong to no field of the form. */
  general: string[];
}

/**
 * A detail belongs to the longest field name that equals its path or starts it (`condition`
 * takes `condition.value`, `channels` takes `channels[0]`); `query.` and `body.` prefixes are
 * the transport's, not the form's. Several details of one field are joined.
 */
export function fieldErrors(details: readonly ErrorDetail[], fields: readonly string[]): FormErrors {
  const byField: Record<string, string> = {};
  const general: string[] = [];
  const sorted = [...fields].sort((a, b) => b.length - a.length);
  for (const d of details) {
    const path = d.path.replace(/^(query|body)\./, '');
    const field = sorted.find((f) => path === f || path.startsWith(`${f}.`) || path.startsWith(`${f}[`));
    if (field === undefined) general.push(d.path === '(root)' || d.path === 'body' ? d.message : `${d.path}: ${d.message}`);
    else byField[field] = byField[field] === undefined ? d.message : `${byField[field]}; ${d.message}`;
  }
  return { byField, general };
}
