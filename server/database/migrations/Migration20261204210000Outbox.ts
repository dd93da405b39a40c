import { Migration } from '@mikro-orm/migrations'

/** The outbox: side effects (e-mail) written with the change that causes them and delivered by a worker. */
export class Migration20261204210000Outbox extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "outbox_message" ("id" serial primary key, "created_at" timestamptz not null,
      "updated_at" timestamptz not null, "kind" varchar(40) not null, "dedupe_key" varchar(200) not null,
      "recipient" varchar(254) not null, "subject" varchar(300) not null, "text_body" text not null,
      "html_body" text null,
      "status" text check ("status" in ('pending', 'sending', 'sent', 'failed')) not null default 'pending',
      "attempts" int not null default 0, "next_attempt_at" timestamptz not null, "last_error" varchar(300) null,
      "sent_at" timestamptz null)`)
    this.addSql('alter table "outbox_message" add constraint "outbox_message_dedupe_key_unique" unique ("dedupe_key")')
    // The worker's claim: due messages by status, oldest first.
    this.addSql(`create index "outbox_message_status_next_attempt_at_index"
      on "outbox_message" ("status", "next_attempt_at")`)
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "outbox_message"')
  }
}
