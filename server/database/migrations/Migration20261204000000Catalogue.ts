import { Migration } from '@mikro-orm/migrations'

/** The catalogue (OPD, RAL categories, kecamatan, layanan) and the PostgreSQL search engine's own tables. */
export class Migration20261204000000Catalogue extends Migration {
  override async up(): Promise<void> {
    this.addSql('create extension if not exists unaccent')
    this.addSql('create extension if not exists pg_trgm')
    // unaccent() is only STABLE; an IMMUTABLE wrapper with a fixed dictionary lets indexes use it.
    this.addSql(`create or replace function immutable_unaccent(text) returns text
      language sql immutable parallel safe strict
      as $$ select public.unaccent('public.unaccent'::regdictionary, $1) $$`)

    this.addSql(`create table "agency" ("id" serial primary key, "created_at" timestamptz not null,
      "updated_at" timestamptz not null, "slug" varchar(80) not null, "name" varchar(200) not null,
      "short_name" varchar(80) not null, "address" varchar(300) null, "phone" varchar(40) null,
      "email" varchar(120) null, "website" varchar(200) null)`)
    this.addSql('alter table "agency" add constraint "agency_slug_unique" unique ("slug")')

    this.addSql(`create table "category" ("id" serial primary key, "created_at" timestamptz not null,
      "updated_at" timestamptz not null, "code" varchar(5) not null, "name" varchar(200) not null,
      "slug" varchar(120) not null, "description" text not null)`)
    this.addSql('alter table "category" add constraint "category_code_unique" unique ("code")')
    this.addSql('alter table "category" add constraint "category_slug_unique" unique ("slug")')

    this.addSql(`create table "category_agency" ("id" serial primary key, "created_at" timestamptz not null,
      "updated_at" timestamptz not null, "category_id" int not null, "agency_id" int not null,
      "position" smallint not null)`)
    this.addSql(`alter table "category_agency" add constraint "category_agency_category_id_agency_id_unique"
      unique ("category_id", "agency_id")`)
    this.addSql(`alter table "category_agency" add constraint "category_agency_category_id_foreign"
      foreign key ("category_id") references "category" ("id") on delete cascade`)
    this.addSql(`alter table "category_agency" add constraint "category_agency_agency_id_foreign"
      foreign key ("agency_id") references "agency" ("id") on delete cascade`)
    this.addSql('create index "category_agency_agency_id_index" on "category_agency" ("agency_id")')

    this.addSql(`create table "kecamatan" ("id" serial primary key, "created_at" timestamptz not null,
      "updated_at" timestamptz not null, "code" varchar(8) not null, "name" varchar(80) not null,
      "slug" varchar(80) not null)`)
    this.addSql('alter table "kecamatan" add constraint "kecamatan_code_unique" unique ("code")')
    this.addSql('alter table "kecamatan" add constraint "kecamatan_slug_unique" unique ("slug")')

    this.addSql(`create table "service" ("id" serial primary key, "created_at" timestamptz not null,
      "updated_at" timestamptz not null, "spbe_id" varchar(40) not null, "slug" varchar(80) not null,
      "name" varchar(200) not null, "category_id" int not null, "agency_id" int not null,
      "aliases" text[] not null default '{}', "purpose" text not null, "function" text not null,
      "target" varchar(3) not null, "method" varchar(10) not null, "benefits" text not null,
      "economic_potential" text not null, "risks" text not null, "risk_mitigation" text not null,
      "related_ministry" text not null, "government_affair" text not null,
      "related_metadata_ids" text[] not null default '{}', "requirements" jsonb not null,
      "procedure" jsonb not null, "duration_days" int null, "duration_note" text not null, "fee_amount" int null,
      "fee_note" text not null, "output" text not null, "legal_basis" jsonb not null,
      "complaint_handling" text not null, "channel_url" varchar(300) null, "external_provider" varchar(200) null,
      "popular" boolean not null default false, "sources" jsonb not null)`)
    this.addSql('alter table "service" add constraint "service_spbe_id_unique" unique ("spbe_id")')
    this.addSql('alter table "service" add constraint "service_slug_unique" unique ("slug")')
    this.addSql(`alter table "service" add constraint "service_category_id_foreign"
      foreign key ("category_id") references "category" ("id")`)
    this.addSql(`alter table "service" add constraint "service_agency_id_foreign"
      foreign key ("agency_id") references "agency" ("id")`)
    // Keyset pagination of /api/v1/services walks (slug) within an optional category or agency filter.
    this.addSql('create index "service_category_id_slug_index" on "service" ("category_id", "slug")')
    this.addSql('create index "service_agency_id_slug_index" on "service" ("agency_id", "slug")')

    // The PostgreSQL search engine: one denormalised document per service, weighted full-text vectors.
    this.addSql(`create table "search_document" ("slug" varchar(80) primary key, "name" text not null,
      "category_code" varchar(5) not null, "category_name" text not null, "agency_slug" varchar(80) not null,
      "agency_name" text not null, "popular" boolean not null default false, "keywords" text not null,
      "terms" text[] not null default '{}', "primary_vector" tsvector not null,
      "full_vector" tsvector not null, "updated_at" timestamptz not null default now())`)
    this.addSql('create index "search_document_primary_vector" on "search_document" using gin ("primary_vector")')
    this.addSql('create index "search_document_full_vector" on "search_document" using gin ("full_vector")')
    this.addSql(`create index "search_document_keywords_trgm" on "search_document"
      using gin ("keywords" gin_trgm_ops)`)
    this.addSql('create index "search_document_category_code" on "search_document" ("category_code")')
    this.addSql('create index "search_document_agency_slug" on "search_document" ("agency_slug")')
    // Words of the indexed names and aliases (derived from search_document.terms), for "did you mean" and typo
    // correction by trigram similarity.
    this.addSql('create table "search_term" ("term" text primary key, "documents" int not null default 0)')
    this.addSql('create index "search_term_trgm" on "search_term" using gin ("term" gin_trgm_ops)')
  }

  override async down(): Promise<void> {
    for (const table of ['search_term', 'search_document', 'service', 'kecamatan', 'category_agency', 'category',
      'agency']) {
      this.addSql(`drop table if exists "${table}" cascade`)
    }
    this.addSql('drop function if exists immutable_unaccent(text)')
  }
}
