import { Migration } from '@mikro-orm/migrations'

/**
 * A catalogue file an admin checked with a dry run on /admin/katalog, kept briefly so that "Impor berkas ini" needs
 * no second upload (server/catalogue/files/checked-file.ts): under the SHA-256 of a one-time token, bound to the
 * admin's account, until it expires.
 */
export class Migration20261205190000CatalogueCheckedFiles extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "catalogue_checked_file" ("token_hash" char(64) primary key,
      "user_id" int not null references "app_user" ("id") on delete cascade, "content" bytea not null,
      "created_at" timestamptz not null, "expires_at" timestamptz not null)`)
    this.addSql('create index "catalogue_checked_file_user_id_index" on "catalogue_checked_file" ("user_id")')
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "catalogue_checked_file"')
  }
}
