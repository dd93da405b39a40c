/**
 * Every action the audit trail knows, as `<entity type>.<verb>`. A new kind of staff write adds its action here
 * (and its label under `audit.actions` in locales/), so the admin page can name it and offer it as a filter.
 */
export const AUDIT_ACTIONS = [
  // A permohonan, by its OPD or an admin (server/requests/act.ts); a citizen's resubmit is not staff's.
  'request.verify', 'request.start_processing', 'request.request_fix', 'request.complete', 'request.reject',
  'request.forward', 'request.assign', 'request.add_note',
  // A pengaduan, by its OPD or Diskominfo (server/complaints/act.ts); the reporter's objection and rating are not.
  'complaint.dispose', 'complaint.answer', 'complaint.return_to_verification', 'complaint.forward',
  'complaint.merge', 'complaint.mark_spam', 'complaint.add_note',
  // Diskominfo's complaint tools: what the public reads, and a recorded whistleblowing read (server/complaints/).
  'complaint.redact', 'complaint.restore_text', 'complaint.hide_photo', 'complaint.show_photo', 'complaint.wbs_read',
  'complaint_type.create', 'complaint_type.update',
  'open311_key.issue', 'open311_key.revoke',
  'outbox_message.retry',
  // Diskominfo's staff accounts (server/accounts/): each change but creation also ends the account's sessions.
  'account.create', 'account.change_role', 'account.deactivate', 'account.activate', 'account.end_sessions',
  // The catalogue (server/catalogue/): a service's drafts and versions, the RAL categories and the OPDs.
  'service.publish', 'service.restore', 'service.archive',
  'service_draft.start', 'service_draft.create', 'service_draft.save', 'service_draft.submit', 'service_draft.return',
  'service_draft.discard',
  'category.update',
  'agency.create', 'agency.update', 'agency.activate', 'agency.deactivate',
] as const
export type AuditAction = typeof AUDIT_ACTIONS[number]

type EntityOf<A> = A extends `${infer Entity}.${string}` ? Entity : never
export type AuditEntityType = EntityOf<AuditAction>

export const AUDIT_ENTITY_TYPES = [...new Set(AUDIT_ACTIONS.map(action => action.split('.')[0]))] as AuditEntityType[]
