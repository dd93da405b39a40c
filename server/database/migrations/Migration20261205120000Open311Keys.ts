import { Migration } from '@mikro-orm/migrations'

/**
 * Open311 (issue 4): the API keys admins issue to other systems, kept as a SHA-256 hash only, and the complaint
 * type a complaint was filed under through Open311 (its `service_code`).
 */
export class Migration20261205120000Open311Keys extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "open311_key" ("id" serial primary key, "created_at" timestamptz not null,
      "updated_at" timestamptz not null, "name" varchar(120) not null, "key_hash" char(64) not null unique,
      "issued_by_id" int not null references "app_user" ("id"), "revoked_at" timestamptz null)`)
    this.addSql(`alter table "complaint" add column "complaint_type_id" int null
      references "complaint_type" ("id") on delete set null`)
    this.addSql('create index "complaint_created_at_index" on "complaint" ("created_at", "id")')
  }

  override async down(): Promise<void> {
    this.addSql('drop index if exists "complaint_created_at_index"')
    this.addSql('alter table "complaint" drop column if exists "complaint_type_id"')
    this.addSql('drop table if exists "open311_key"')
  }
}
