/**
 * The statements that make `table` append-only, as complaint_event and personal_data_view are: PostgreSQL refuses
 * every UPDATE, DELETE and TRUNCATE with restrict_violation. An audit record that its subject could rewrite would
 * prove nothing. For migrations after 2026-12-05; the earlier ones spell the same statements out.
 */
export function appendOnlySql(table: string): string[] {
  const refuse = `${table}_append_only`
  return [
    `create function "${refuse}"() returns trigger language plpgsql as $$
      begin
        raise exception '${table} is append-only: % refused', tg_op using errcode = 'restrict_violation';
      end $$`,
    `create trigger "${table}_no_update_or_delete" before update or delete on "${table}"
      for each row execute function "${refuse}"()`,
    `create trigger "${table}_no_truncate" before truncate on "${table}"
      for each statement execute function "${refuse}"()`,
  ]
}
