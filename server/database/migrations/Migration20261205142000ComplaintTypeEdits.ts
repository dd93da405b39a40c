import { Migration } from '@mikro-orm/migrations'

/**
 * Complaint types an admin created or edited (/admin/jenis-pengaduan) carry when and by whom; the catalogue seed
 * then leaves them alone (server/catalogue/seed.ts) and only creates missing types and updates untouched ones.
 */
export class Migration20261205142000ComplaintTypeEdits extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "complaint_type" add column "edited_at" timestamptz null,
      add column "edited_by_id" int null references "app_user" ("id") on delete set null`)
  }

  override async down(): Promise<void> {
    this.addSql('alter table "complaint_type" drop column if exists "edited_at", drop column if exists "edited_by_id"')
  }
}
