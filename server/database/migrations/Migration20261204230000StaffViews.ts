import { Migration } from '@mikro-orm/migrations'

/**
 * The record of staff views of personal data (issue 3: "Every staff view of a request's personal data is
 * recorded"): one row each time an officer, a head or an admin reads a request or downloads one of its files.
 * What was seen is named, never copied: no NIK, phone or address lands here, and no client address either.
 */
export class Migration20261204230000StaffViews extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "personal_data_view" ("id" bigserial primary key,
      "at" timestamptz not null default now(), "viewer_id" int not null references "app_user" ("id"),
      "viewer_role" text not null check ("viewer_role" in ('officer', 'head', 'admin')),
      "viewer_agency_id" int null references "agency" ("id"),
      "request_id" int not null references "request" ("id"),
      "seen" varchar(80) not null check ("seen" in ('request', 'output') or "seen" like 'document:_%'))`)
    // Who looked at this request, newest first; and what one account looked at (an inspector's question).
    this.addSql('create index "personal_data_view_request_id_at_index" on "personal_data_view" ("request_id", "at")')
    this.addSql('create index "personal_data_view_viewer_id_at_index" on "personal_data_view" ("viewer_id", "at")')
    // An audit record that its subject could edit would prove nothing: like request_event, rows are only added.
    this.addSql(`create function "personal_data_view_append_only"() returns trigger language plpgsql as $$
      begin
        raise exception 'personal_data_view is append-only: % refused', tg_op using errcode = 'restrict_violation';
      end $$`)
    this.addSql(`create trigger "personal_data_view_no_update_or_delete" before update or delete
      on "personal_data_view" for each row execute function "personal_data_view_append_only"()`)
    this.addSql(`create trigger "personal_data_view_no_truncate" before truncate on "personal_data_view"
      for each statement execute function "personal_data_view_append_only"()`)
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "personal_data_view"')
    this.addSql('drop function if exists "personal_data_view_append_only"()')
  }
}
