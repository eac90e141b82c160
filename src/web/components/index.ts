/** The shared page components; import from here. */
export { Badge, type Tone } from './badge.js';
export { EmptyState } from './empty-state.js';
export { Flash } from './flash.js';
export { CsrfField, describedBy, ErrorSummary, fieldId, Form, FormField, type FieldProps } from './form.js';
export { Pager, withQuery } from './pager.js';
export { Table, type Column } from './table.js';
