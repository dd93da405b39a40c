import { Migration } from '@mikro-orm/migrations'
import { appendOnlySql } from './append-only'

/**
 * Redacting what the public reads of a pengaduan (issue 4: "admins can redact text and hide photos; the original is
 * kept and the redaction logged"). `complaint_redaction` holds the public version of a complaint's title,
 * description and answer where an admin replaced it (null: the original is shown); the complaint row itself is never
 * changed. `complaint_redaction_event` records every redaction, restoration, hidden and shown photo with who, when
 * and why, and like the complaint timeline it is append-only.
 */
export class Migration20261205140000ComplaintRedactions extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "complaint_redaction" ("id" serial primary key, "created_at" timestamptz not null,
      "updated_at" timestamptz not null, "complaint_id" int not null unique references "complaint" ("id"),
      "title" varchar(200) null, "description" text null, "answer" text null, "answer_of" timestamptz null,
      check (("answer" is null) = ("answer_of" is null)))`)

    this.addSql(`create table "complaint_redaction_event" ("id" bigserial primary key,
      "at" timestamptz not null default now(), "complaint_id" int not null references "complaint" ("id"),
      "admin_id" int not null references "app_user" ("id"),
      "action" text not null check ("action" in ('redact', 'restore', 'hide', 'show')),
      "field" text not null check ("field" in ('title', 'description', 'answer', 'photo')),
      "photo_id" int null references "complaint_photo" ("id"), "public_text" text null,
      "reason" text not null check (char_length("reason") between 10 and 1000),
      check (("field" = 'photo') = ("photo_id" is not null)),
      check (("field" = 'photo') = ("action" in ('hide', 'show'))),
      check (("action" = 'redact') = ("public_text" is not null)))`)
    this.addSql(`create index "complaint_redaction_event_complaint_id_at_index"
      on "complaint_redaction_event" ("complaint_id", "at")`)
    // A record an admin could rewrite would prove nothing: as for complaint_event, rows are only ever added.
    for (const statement of appendOnlySql('complaint_redaction_event')) this.addSql(statement)
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "complaint_redaction_event"')
    this.addSql('drop function if exists "complaint_redaction_event_append_only"()')
    this.addSql('drop table if exists "complaint_redaction"')
  }
}
