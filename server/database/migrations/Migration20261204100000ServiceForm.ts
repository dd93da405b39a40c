import { Migration } from '@mikro-orm/migrations'

/** The online application form of a service (questions and documents), null when it is not applied for here. */
export class Migration20261204100000ServiceForm extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "service" add column "form" jsonb null')
  }

  override async down(): Promise<void> {
    this.addSql('alter table "service" drop column "form"')
  }
}
