import { Migration } from '@mikro-orm/migrations'

/**
 * Keeping a second search engine (Meilisearch) in step with the catalogue (docs/search.md): a catalogue version
 * bumped by every change, the services whose change is still to be pushed, and the version each engine's index
 * reflects.
 */
export class Migration20261205160000SearchOutbox extends Migration {
  override async up(): Promise<void> {
    // One row. Every catalogue change updates it in its own transaction, so changes are numbered in commit order.
    this.addSql(`create table "catalogue_version" ("id" boolean primary key default true check ("id"),
      "version" bigint not null default 0, "changed_at" timestamptz not null default now())`)
    this.addSql('insert into "catalogue_version" ("id", "version", "changed_at") values (true, 0, now())')

    // One row per service whose latest change waits for the engine: a newer change of the same service replaces it.
    this.addSql(`create table "search_outbox" ("slug" varchar(80) primary key, "version" bigint not null,
      "queued_at" timestamptz not null, "attempts" int not null default 0, "next_attempt_at" timestamptz not null,
      "last_error" varchar(300) null)`)
    this.addSql('create index "search_outbox_version_index" on "search_outbox" ("version")')

    // Per engine fed by the outbox: the catalogue version its index reflects, and a rebuild under way.
    this.addSql(`create table "search_index_state" ("engine" varchar(40) primary key,
      "version" bigint not null default 0, "indexed_at" timestamptz null, "last_attempt_at" timestamptz null,
      "last_error" varchar(300) null, "rebuilding_until" timestamptz null)`)
  }

  override async down(): Promise<void> {
    for (const table of ['search_index_state', 'search_outbox', 'catalogue_version']) {
      this.addSql(`drop table if exists "${table}"`)
    }
  }
}
