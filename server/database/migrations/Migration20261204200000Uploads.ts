import { Migration } from '@mikro-orm/migrations'

/** Uploaded files: who sent them, what they are, and where their bytes are kept (server/uploads/). */
export class Migration20261204200000Uploads extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "upload" ("id" serial primary key, "created_at" timestamptz not null,
      "updated_at" timestamptz not null, "public_id" uuid not null default gen_random_uuid(), "owner_id" int not null,
      "file_name" varchar(255) not null, "size" int not null check ("size" > 0),
      "content_type" text check ("content_type" in ('application/pdf', 'image/jpeg', 'image/png')) not null,
      "storage_key" varchar(40) not null, "sha256" varchar(64) not null check ("sha256" ~ '^[0-9a-f]{64}$'))`)
    this.addSql('alter table "upload" add constraint "upload_public_id_unique" unique ("public_id")')
    this.addSql('alter table "upload" add constraint "upload_storage_key_unique" unique ("storage_key")')
    // No cascade: a user's files must leave storage before their rows and their account go.
    this.addSql(`alter table "upload" add constraint "upload_owner_id_foreign"
      foreign key ("owner_id") references "app_user" ("id")`)
    // A user's uploads, newest first; also what deleting a user checks the foreign key with.
    this.addSql('create index "upload_owner_id_created_at_index" on "upload" ("owner_id", "created_at")')
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "upload"')
  }
}
