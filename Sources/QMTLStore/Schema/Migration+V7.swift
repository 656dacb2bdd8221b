// Shipped: never edit (FrozenMigrationTests pins these statements). Change the schema in a new migration.
extension Migration {
    /// PostgreSQL announces every committed change on the channel `qmtl_changes`: a
    /// statement-level trigger on each table calls `pg_notify` (repeats within one transaction
    /// are delivered once, at commit), so replicas that keep answers in memory hear every
    /// writer's commits — other replicas', workers', an operator's manual SQL — without an extra
    /// round trip per transaction. SQLite has no notifications (readers poll `data_version`).
    /// A table added by a later migration needs the trigger too (a contract test checks).
    static let v7ChangeNotifications = Migration(
        version: 7, name: "change_notifications", sqlite: [], postgres: v7ChangeNotificationsPostgres)

    private static let v7NotifiedTables = [
        "api_token", "apply_op", "approval", "audit_head", "audit_log", "campaign_state", "dataset", "dataset_chunk",
        "decision_event", "decision_log", "evaluation_run", "gsg_edge", "gsg_node", "idempotency_key", "risk_snapshot",
        "run_history", "validation", "world", "world_policy", "world_snapshot", "wsb", "wvg_edge_override", "wvg_world_node_ref",
    ]

    private static let v7ChangeNotificationsPostgres: [String] =
        [
            """
            CREATE FUNCTION qmtl_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              PERFORM pg_notify('qmtl_changes', '');
              RETURN NULL;
            END
            $$
            """
        ]
        + v7NotifiedTables.map { table in
            "CREATE TRIGGER qmtl_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON \(table) "
                + "FOR EACH STATEMENT EXECUTE FUNCTION qmtl_notify_change()"
        }
}
