/** The shared page components; import from here. */
export { Badge, type Tone } from './badge.js';
export { ContactCard, type PersonContact } from './contact.js';
export { DomainPicker } from './domain-picker.js';
export { EmptyState } from './empty-state.js';
export { Flash } from './flash.js';
export { Highlighted } from './highlighted.js';
export { ContactFields } from './contact-fields.js';
export { CsrfField, describedBy, ErrorSummary, FieldHelp, fieldId, Form, FormField, type FieldProps } from './form.js';
export { domainNames, formatDay, formatTime, formatWan, joinList } from './format.js';
export { ProblemSummaryRows } from './problem-summary.js';
export { cursorLinks, Pager, withQuery } from './pager.js';
export { ReviewBadge, StageBadge } from './problem-badges.js';
export { declineReasonId, RespondForms } from './respond-forms.js';
export { labelOptions, SelectField, type SelectOption } from './select-field.js';
export { SortLinks } from './sort-links.js';
export { Table, type Column } from './table.js';
export { Timeline, type TimelineEntry } from './timeline.js';
