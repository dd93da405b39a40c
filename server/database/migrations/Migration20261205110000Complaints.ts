import { Migration } from '@mikro-orm/migrations'

const STATES = `('diterima', 'didisposisikan', 'dijawab', 'dibuka_kembali', 'selesai', 'spam', 'digabung')`
const ACTIONS = `('file', 'dispose', 'answer', 'return_to_verification', 'forward', 'object', 'rate', 'close',
  'merge', 'mark_spam', 'add_note')`

/** Pengaduan: complaints, their photos and their append-only timeline (server/complaints/). */
export class Migration20261205110000Complaints extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "complaint" ("id" serial primary key, "created_at" timestamptz not null,
      "updated_at" timestamptz not null, "tracking_code" varchar(18) not null unique,
      "channel" text not null check ("channel" in ('umum', 'wbs', 'aspirasi')),
      "reporter_id" int null references "app_user" ("id"), "pin_hash" text null, "pin_sealed" text null,
      "contact_email" varchar(254) null, "title" varchar(200) not null, "description" text not null,
      "kecamatan_id" int not null references "kecamatan" ("id"), "village" varchar(120) null,
      "address" varchar(300) null, "latitude" double precision null check ("latitude" between -90 and 90),
      "longitude" double precision null check ("longitude" between -180 and 180), "occurred_on" date null,
      "service_id" int null references "service" ("id"), "category_id" int null references "category" ("id"),
      "agency_id" int null references "agency" ("id"),
      "privacy" text not null check ("privacy" in ('biasa', 'rahasia', 'anonim')),
      "status" text not null check ("status" in ${STATES}),
      "routed_by" text not null check ("routed_by" in ('layanan', 'kategori', 'saran', 'verifikasi', 'kanal')),
      "merged_into_id" int null references "complaint" ("id"), "due_date" date null,
      "due_kind" text null check ("due_kind" in ('verifikasi', 'jawaban', 'penutupan')),
      "answer" text null, "answered_at" timestamptz null, "objected_at" timestamptz null,
      "rating" smallint null check ("rating" between 1 and 5), "rating_comment" text null,
      "idempotency_key" varchar(100) not null unique, "fingerprint" char(64) not null)`)
    this.addSql(`create index "complaint_agency_queue_index" on "complaint" ("agency_id", "status", "due_date", "id")`)
    this.addSql('create index "complaint_reporter_index" on "complaint" ("reporter_id", "created_at")')

    this.addSql(`create table "complaint_photo" ("id" serial primary key, "created_at" timestamptz not null,
      "updated_at" timestamptz not null, "complaint_id" int not null references "complaint" ("id"),
      "upload_id" int not null references "upload" ("id"), "hidden" boolean not null default false,
      unique ("complaint_id", "upload_id"))`)

    this.addSql(`create table "complaint_event" ("id" serial primary key,
      "complaint_id" int not null references "complaint" ("id"), "at" timestamptz not null,
      "actor_id" int null references "app_user" ("id"),
      "actor_role" text not null check ("actor_role" in ('reporter', 'officer', 'head', 'admin', 'system')),
      "actor_name" varchar(120) not null, "action" text not null check ("action" in ${ACTIONS}),
      "from_status" text null check ("from_status" in ${STATES}),
      "to_status" text not null check ("to_status" in ${STATES}), "note" text null, "internal" boolean not null,
      "detail" jsonb null)`)
    this.addSql('create index "complaint_event_complaint_id_at_index" on "complaint_event" ("complaint_id", "at")')
    // As for a permohonan: nothing in a complaint's timeline is ever updated or deleted.
    this.addSql(`create function "complaint_event_append_only"() returns trigger language plpgsql as $$
      begin
        raise exception 'complaint_event is append-only: % refused', tg_op using errcode = 'restrict_violation';
      end $$`)
    this.addSql(`create trigger "complaint_event_no_update_or_delete" before update or delete on "complaint_event"
      for each row execute function "complaint_event_append_only"()`)
    this.addSql(`create trigger "complaint_event_no_truncate" before truncate on "complaint_event"
      for each statement execute function "complaint_event_append_only"()`)
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "complaint_event"')
    this.addSql('drop function if exists "complaint_event_append_only"')
    this.addSql('drop table if exists "complaint_photo"')
    this.addSql('drop table if exists "complaint"')
  }
}
