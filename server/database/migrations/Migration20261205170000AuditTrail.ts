import { Migration } from '@mikro-orm/migrations'
import { appendOnlySql } from './append-only'

/**
 * The audit trail (issue 6: "Every write by staff or admins (who, role, what, when, before and after) goes into an
 * append-only table in which each entry carries the hash of the entry before it"). How an entry is hashed and the
 * chain verified: server/audit/ and docs/audit.md.
 */
export class Migration20261205170000AuditTrail extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "audit_entry" ("id" bigserial primary key, "at" timestamptz not null,
      "actor_id" int null references "app_user" ("id"),
      "actor_role" text not null check ("actor_role" in ('officer', 'head', 'admin', 'system')),
      "actor_agency_id" int null references "agency" ("id"),
      "action" varchar(80) not null, "entity_type" varchar(40) not null, "entity_id" varchar(80) not null,
      "before" jsonb null, "after" jsonb null,
      "prev_hash" char(64) not null check ("prev_hash" ~ '^[0-9a-f]{64}$'),
      "hash" char(64) not null unique check ("hash" ~ '^[0-9a-f]{64}$'),
      -- A staff member is an account; "system" (a command on the server, a scheduled task) is none.
      check (("actor_role" = 'system') = ("actor_id" is null)),
      -- One successor per entry: two writers that both read the same last entry cannot both append (no fork).
      constraint "audit_entry_prev_hash_unique" unique ("prev_hash"))`)
    // The admin page's filters, each newest first.
    this.addSql('create index "audit_entry_entity_index" on "audit_entry" ("entity_type", "entity_id", "id")')
    this.addSql('create index "audit_entry_actor_index" on "audit_entry" ("actor_id", "id")')
    this.addSql('create index "audit_entry_action_index" on "audit_entry" ("action", "id")')
    this.addSql('create index "audit_entry_at_index" on "audit_entry" ("at")')
    // As for personal_data_view and the timelines: rows are only ever added, below any code that could forget.
    for (const statement of appendOnlySql('audit_entry')) this.addSql(statement)
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "audit_entry"')
    this.addSql('drop function if exists "audit_entry_append_only"()')
  }
}
