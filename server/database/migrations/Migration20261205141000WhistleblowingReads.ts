import { Migration } from '@mikro-orm/migrations'
import { appendOnlySql } from './append-only'

/**
 * Whistleblowing is the Inspektorat's to read (issue 4: "readable only by Inspektorat staff, and by admins who give a
 * reason that is recorded"). One row each time a Diskominfo admin gives a reason to read one WBS complaint; the row
 * is also what lets that admin read it, for a few hours (server/complaints/whistleblowing.ts). Append-only.
 */
export class Migration20261205141000WhistleblowingReads extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "complaint_wbs_read" ("id" bigserial primary key,
      "at" timestamptz not null default now(), "complaint_id" int not null references "complaint" ("id"),
      "admin_id" int not null references "app_user" ("id"),
      "reason" text not null check (char_length("reason") between 20 and 1000))`)
    // Does this admin hold a read of this complaint now; and who read it, for the Inspektorat.
    this.addSql(`create index "complaint_wbs_read_complaint_id_admin_id_at_index"
      on "complaint_wbs_read" ("complaint_id", "admin_id", "at")`)
    for (const statement of appendOnlySql('complaint_wbs_read')) this.addSql(statement)
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "complaint_wbs_read"')
    this.addSql('drop function if exists "complaint_wbs_read_append_only"()')
  }
}
