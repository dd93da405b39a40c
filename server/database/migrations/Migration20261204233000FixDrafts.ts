import { Migration } from '@mikro-orm/migrations'

/**
 * A draft can also hold a citizen's unsent fix of a request waiting for one (perlu_perbaikan): the documents they
 * re-upload before sending the fix. One application draft per citizen and service, one fix draft per request.
 */
export class Migration20261204233000FixDrafts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "request_draft" add column "request_id" int null references "request" ("id")
      on delete cascade`)
    this.addSql('alter table "request_draft" drop constraint "request_draft_applicant_id_service_id_unique"')
    this.addSql(`create unique index "request_draft_application_unique" on "request_draft" ("applicant_id",
      "service_id") where "request_id" is null`)
    this.addSql('create unique index "request_draft_request_unique" on "request_draft" ("request_id")')
  }

  override async down(): Promise<void> {
    this.addSql('delete from "request_draft" where "request_id" is not null')
    this.addSql('drop index "request_draft_request_unique"')
    this.addSql('drop index "request_draft_application_unique"')
    this.addSql('alter table "request_draft" drop column "request_id"')
    this.addSql(`alter table "request_draft" add constraint "request_draft_applicant_id_service_id_unique"
      unique ("applicant_id", "service_id")`)
  }
}
