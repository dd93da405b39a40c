import { Migration } from '@mikro-orm/migrations'

/** Accounts (citizens and staff) and the sign-in throttle. */
export class Migration20261204190000Accounts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "app_user" ("id" serial primary key, "created_at" timestamptz not null,
      "updated_at" timestamptz not null, "email" varchar(254) not null, "name" varchar(120) not null,
      "phone" varchar(20) null, "password_hash" varchar(255) not null,
      "role" text check ("role" in ('citizen', 'officer', 'head', 'admin')) not null,
      "agency_id" int null references "agency" ("id"), "active" boolean not null default true,
      "session_version" int not null default 1, "last_login_at" timestamptz null)`)
    this.addSql('alter table "app_user" add constraint "app_user_email_unique" unique ("email")')
    // Staff belong to one OPD; citizens and admins to none.
    this.addSql(`alter table "app_user" add constraint "app_user_agency_by_role"
      check (("role" in ('officer', 'head')) = ("agency_id" is not null))`)
    this.addSql('create index "app_user_agency_id_index" on "app_user" ("agency_id")')

    // Failed sign-ins per key (an account or a client address) within a sliding window.
    this.addSql(`create table "sign_in_throttle" ("key" varchar(300) primary key, "failures" int not null,
      "window_started_at" timestamptz not null, "blocked_until" timestamptz null)`)
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "sign_in_throttle"')
    this.addSql('drop table if exists "app_user"')
  }
}
