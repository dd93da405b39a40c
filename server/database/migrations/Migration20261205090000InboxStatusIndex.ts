import { Migration } from '@mikro-orm/migrations'

/**
 * The officer inbox filtered by one status (server/requests/inbox.ts): one OPD's requests of that status in the
 * inbox's order, so a page reads 26 index entries instead of sorting every match. At 1,000,000 requests a
 * "selesai" page took about half a second without it (bench/RESULTS.md). It starts with the columns of the
 * (agency, status) index it replaces, which therefore goes.
 */
export class Migration20261205090000InboxStatusIndex extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "request_inbox_status_index" on "request" ("agency_id", "status",
      ("status" = 'perlu_perbaikan'), (coalesce("due_date", 'infinity'::date)), "id")`)
    this.addSql('drop index "request_agency_id_status_index"')
  }

  override async down(): Promise<void> {
    this.addSql('create index "request_agency_id_status_index" on "request" ("agency_id", "status")')
    this.addSql('drop index "request_inbox_status_index"')
  }
}
