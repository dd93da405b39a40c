import { Migration } from '@mikro-orm/migrations'

const OPEN = `('draft', 'in_review')`

/**
 * The catalogue workflow (issue 6): a service is published or archived and carries its live version number; every
 * published version is kept, append-only, in service_version; changes are drafted in service_draft. OPDs gain their
 * opening hours and can be deactivated. A request or complaint keeps the service version it was filed against; the
 * rows filed so far were filed against version 1, the version every existing service starts with.
 */
export class Migration20261205180000ServiceVersions extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "service" add column "status" text not null default 'published'
      check ("status" in ('published', 'archived')), add column "version" int not null default 1
      check ("version" >= 1)`)
    this.addSql('create index "service_status_index" on "service" ("status")')

    this.addSql(`create table "service_version" ("id" serial primary key,
      "service_id" int not null references "service" ("id"), "version" int not null check ("version" >= 1),
      "snapshot" jsonb not null, "published_by_id" int null references "app_user" ("id"),
      "published_by_name" varchar(120) not null, "published_at" timestamptz not null, "note" text null)`)
    this.addSql(`alter table "service_version" add constraint "service_version_service_id_version_unique"
      unique ("service_id", "version")`)
    // Issue 6: "every published version is kept". Enforced here, below any code that could forget.
    this.addSql(`create function "service_version_append_only"() returns trigger language plpgsql as $$
      begin
        raise exception 'service_version is append-only: % refused', tg_op using errcode = 'restrict_violation';
      end $$`)
    this.addSql(`create trigger "service_version_no_update_or_delete" before update or delete on "service_version"
      for each row execute function "service_version_append_only"()`)
    this.addSql(`create trigger "service_version_no_truncate" before truncate on "service_version"
      for each statement execute function "service_version_append_only"()`)

    this.addSql(`create table "service_draft" ("id" serial primary key, "created_at" timestamptz not null,
      "updated_at" timestamptz not null, "service_id" int null references "service" ("id"),
      "agency_id" int not null references "agency" ("id"), "slug" varchar(80) not null, "snapshot" jsonb not null,
      "status" text not null check ("status" in ('draft', 'in_review', 'published', 'discarded')),
      "base_version" int null, "restored_from" int null, "author_id" int not null references "app_user" ("id"),
      "submitted_at" timestamptz null, "return_reason" text null,
      "reviewed_by_id" int null references "app_user" ("id"), "reviewed_at" timestamptz null,
      "published_version" int null)`)
    // One open draft per service, and per proposed slug of a new service.
    this.addSql(`create unique index "service_draft_open_service_unique" on "service_draft" ("service_id")
      where "status" in ${OPEN} and "service_id" is not null`)
    this.addSql(`create unique index "service_draft_open_slug_unique" on "service_draft" ("slug")
      where "status" in ${OPEN} and "service_id" is null`)
    this.addSql('create index "service_draft_agency_id_status_index" on "service_draft" ("agency_id", "status")')

    this.addSql(`alter table "agency" add column "opening_hours" varchar(300) null,
      add column "active" boolean not null default true`)

    this.addSql('alter table "request" add column "service_version" int null')
    this.addSql(`update "request" r set "service_version" = s."version" from "service" s where s."id" = r."service_id"`)
    this.addSql('alter table "request" alter column "service_version" set not null')
    this.addSql('alter table "complaint" add column "service_version" int null')
    this.addSql(`update "complaint" c set "service_version" = s."version" from "service" s
      where s."id" = c."service_id"`)
  }

  override async down(): Promise<void> {
    this.addSql('alter table "complaint" drop column if exists "service_version"')
    this.addSql('alter table "request" drop column if exists "service_version"')
    this.addSql('alter table "agency" drop column if exists "opening_hours", drop column if exists "active"')
    this.addSql('drop table if exists "service_draft"')
    this.addSql('drop table if exists "service_version"')
    this.addSql('drop function if exists "service_version_append_only"()')
    this.addSql('drop index if exists "service_status_index"')
    this.addSql('alter table "service" drop column if exists "status", drop column if exists "version"')
  }
}
