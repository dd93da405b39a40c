import { Migration } from '@mikro-orm/migrations'

/**
 * The complaint types each OPD handles (issue 4), seeded from `server/catalogue/seed/complaint-types.json` and
 * editable by admins later (`active` switches one off without losing it).
 *
 * The complaint suggestion (server/complaints/suggest.ts) looks for some 2,600 phrases inside one text: each
 * complaint keyword and each service alias, as an `indonesian` phrase query (words in order) and as a words query
 * (every word, anywhere). PostgreSQL derives both from the words in generated columns, so they follow any edit and
 * are not parsed again per request (parsing them took 10–20 ms a request).
 */
export class Migration20261205100000ComplaintTypes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function phrase_queries(text[]) returns tsquery[]
      language sql immutable parallel safe strict
      as $$ select coalesce(array_agg(phraseto_tsquery('indonesian', immutable_unaccent(lower(k))) order by n), '{}')
        from unnest($1) with ordinality as t(k, n) $$`)
    this.addSql(`create or replace function word_queries(text[]) returns tsquery[]
      language sql immutable parallel safe strict
      as $$ select coalesce(array_agg(plainto_tsquery('indonesian', immutable_unaccent(lower(k))) order by n), '{}')
        from unnest($1) with ordinality as t(k, n) $$`)

    this.addSql(`create table "complaint_type" ("id" serial primary key, "created_at" timestamptz not null,
      "updated_at" timestamptz not null, "key" varchar(80) not null, "name" varchar(200) not null,
      "agency_id" int not null, "category_id" int not null, "service_id" int null,
      "keywords" text[] not null default '{}', "active" boolean not null default true,
      "keyword_queries" tsquery[] generated always as (phrase_queries("keywords")) stored,
      "keyword_word_queries" tsquery[] generated always as (word_queries("keywords")) stored)`)
    this.addSql('alter table "complaint_type" add constraint "complaint_type_key_unique" unique ("key")')
    this.addSql(`alter table "complaint_type" add constraint "complaint_type_agency_id_foreign"
      foreign key ("agency_id") references "agency" ("id") on delete cascade`)
    this.addSql(`alter table "complaint_type" add constraint "complaint_type_category_id_foreign"
      foreign key ("category_id") references "category" ("id")`)
    this.addSql(`alter table "complaint_type" add constraint "complaint_type_service_id_foreign"
      foreign key ("service_id") references "service" ("id") on delete set null`)
    this.addSql('create index "complaint_type_agency_id_index" on "complaint_type" ("agency_id")')

    this.addSql(`alter table "service"
      add column "alias_queries" tsquery[] generated always as (phrase_queries("aliases")) stored,
      add column "alias_word_queries" tsquery[] generated always as (word_queries("aliases")) stored`)
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "service" drop column if exists "alias_queries",
      drop column if exists "alias_word_queries"`)
    this.addSql('drop table if exists "complaint_type" cascade')
    this.addSql('drop function if exists phrase_queries(text[])')
    this.addSql('drop function if exists word_queries(text[])')
  }
}
