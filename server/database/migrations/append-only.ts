/**
 * The statements that make `table` append-only (an audit record its subject could edit would prove nothing):
 * PostgreSQL refuses UPDATE, DELETE and TRUNCATE with a restrict_violation naming the table. Only the table's owner
 * can switch the triggers off again (ALTER TABLE … DISABLE TRIGGER), which is what a tampering test does.
 */
export function appendOnlySql(table: string): string[] {
  return [
    `create function "${table}_append_only"() returns trigger language plpgsql as $$
      begin
        raise exception '${table} is append-only: % refused', tg_op using errcode = 'restrict_violation';
      end $$`,
    `create trigger "${table}_no_update_or_delete" before update or delete on "${table}"
      for each row execute function "${table}_append_only"()`,
    `create trigger "${table}_no_truncate" before truncate on "${table}"
      for each statement execute function "${table}_append_only"()`,
  ]
}
