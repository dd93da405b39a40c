import { Migration } from '@mikro-orm/migrations'

/**
 * A pengaduan typed on the page without JavaScript is kept as a draft between its two steps (text, then photos one
 * per post), under a random token that is its only key. Its fields are sealed (personal data); it expires after a
 * day. Photos of a reporter without an account belong to the draft, not to a user: `upload.owner_id` may be null.
 */
export class Migration20261205130000ComplaintDrafts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "complaint_draft" ("id" serial primary key, "created_at" timestamptz not null,
      "updated_at" timestamptz not null, "token" varchar(64) not null, "reporter_id" int null
      references "app_user" ("id") on delete cascade, "fields_sealed" text not null, "idempotency_key" varchar(100)
      not null, "expires_at" timestamptz not null)`)
    this.addSql('alter table "complaint_draft" add constraint "complaint_draft_token_unique" unique ("token")')
    this.addSql('create index "complaint_draft_expires_at_index" on "complaint_draft" ("expires_at")')
    this.addSql(`create table "complaint_draft_photo" ("id" serial primary key, "created_at" timestamptz not null,
      "updated_at" timestamptz not null, "draft_id" int not null references "complaint_draft" ("id")
      on delete cascade, "upload_id" int not null references "upload" ("id") on delete cascade)`)
    this.addSql(`alter table "complaint_draft_photo" add constraint "complaint_draft_photo_upload_id_unique"
      unique ("upload_id")`)
    this.addSql('create index "complaint_draft_photo_draft_id_index" on "complaint_draft_photo" ("draft_id")')
    this.addSql('alter table "upload" alter column "owner_id" drop not null')
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "complaint_draft_photo"')
    this.addSql('drop table if exists "complaint_draft"')
    this.addSql(`delete from "upload" u where "owner_id" is null
      and not exists (select 1 from "complaint_photo" p where p.upload_id = u.id)`)
    this.addSql('alter table "upload" alter column "owner_id" set not null')
  }
}
