import { Migration } from '@mikro-orm/migrations'

const STATES = `('diajukan', 'diverifikasi', 'diproses', 'perlu_perbaikan', 'dilengkapi', 'selesai', 'ditolak')`

/** Permohonan: requests, their documents, their append-only timeline, and unsent drafts (server/requests/). */
export class Migration20261204220000Requests extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "request" ("id" serial primary key, "created_at" timestamptz not null,
      "updated_at" timestamptz not null, "tracking_code" varchar(18) not null, "service_id" int not null
      references "service" ("id"), "agency_id" int not null references "agency" ("id"),
      "applicant_id" int not null references "app_user" ("id"), "assignee_id" int null references "app_user" ("id"),
      "status" text not null check ("status" in ${STATES}), "answers" jsonb not null,
      "submitted_at" timestamptz not null, "due_date" date null, "clock_paused_at" timestamptz null,
      "paused_working_days" int not null default 0 check ("paused_working_days" >= 0),
      "output_document_id" int null references "upload" ("id"), "idempotency_key" varchar(100) not null)`)
    this.addSql('alter table "request" add constraint "request_tracking_code_unique" unique ("tracking_code")')
    this.addSql(`alter table "request" add constraint "request_applicant_id_idempotency_key_unique"
      unique ("applicant_id", "idempotency_key")`)
    // The officer inbox: one OPD's requests, waiting-on-citizen last, then by due date (none last), then id; the
    // same expressions as server/requests/inbox.ts so the keyset walk reads the index in order.
    this.addSql(`create index "request_inbox_index" on "request" ("agency_id", ("status" = 'perlu_perbaikan'),
      (coalesce("due_date", 'infinity'::date)), "id") where "status" not in ('selesai', 'ditolak')`)
    this.addSql('create index "request_agency_id_status_index" on "request" ("agency_id", "status")')
    this.addSql('create index "request_applicant_id_index" on "request" ("applicant_id", "submitted_at")')

    this.addSql(`create table "request_document" ("id" serial primary key, "created_at" timestamptz not null,
      "updated_at" timestamptz not null, "request_id" int not null references "request" ("id"),
      "requirement_key" varchar(60) not null, "upload_id" int not null references "upload" ("id"))`)
    this.addSql(`alter table "request_document" add constraint "request_document_request_id_requirement_key_unique"
      unique ("request_id", "requirement_key")`)
    this.addSql('create index "request_document_upload_id_index" on "request_document" ("upload_id")')

    this.addSql(`create table "request_event" ("id" serial primary key,
      "request_id" int not null references "request" ("id"), "at" timestamptz not null,
      "actor_id" int not null references "app_user" ("id"),
      "actor_role" text not null check ("actor_role" in ('citizen', 'officer', 'head', 'admin')),
      "actor_name" varchar(120) not null, "action" text not null check ("action" in ('submit', 'verify',
      'start_processing', 'request_fix', 'resubmit', 'complete', 'reject', 'forward', 'assign', 'add_note')),
      "from_status" text null check ("from_status" in ${STATES}), "to_status" text not null
      check ("to_status" in ${STATES}), "note" text null, "internal" boolean not null, "detail" jsonb null)`)
    this.addSql('create index "request_event_request_id_at_index" on "request_event" ("request_id", "at")')
    // Issue 3: "Nothing in a timeline is ever updated or deleted." Enforced here, below any code that could forget.
    this.addSql(`create function "request_event_append_only"() returns trigger language plpgsql as $$
      begin
        raise exception 'request_event is append-only: % refused', tg_op using errcode = 'restrict_violation';
      end $$`)
    this.addSql(`create trigger "request_event_no_update_or_delete" before update or delete on "request_event"
      for each row execute function "request_event_append_only"()`)
    this.addSql(`create trigger "request_event_no_truncate" before truncate on "request_event"
      for each statement execute function "request_event_append_only"()`)

    this.addSql(`create table "request_draft" ("id" serial primary key, "created_at" timestamptz not null,
      "updated_at" timestamptz not null, "applicant_id" int not null references "app_user" ("id"),
      "service_id" int not null references "service" ("id"), "answers" jsonb not null, "documents" jsonb not null,
      "step" varchar(40) not null)`)
    this.addSql(`alter table "request_draft" add constraint "request_draft_applicant_id_service_id_unique"
      unique ("applicant_id", "service_id")`)
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "request_draft"')
    this.addSql('drop table if exists "request_event"')
    this.addSql('drop function if exists "request_event_append_only"()')
    this.addSql('drop table if exists "request_document"')
    this.addSql('drop table if exists "request"')
  }
}
