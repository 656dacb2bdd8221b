// Shipped: never edit (FrozenMigrationTests pins these statements). Change the schema in a new migration.
extension Migration {
    /// The decision stream (`decision.events.v1`): one row per published change of a decision —
    /// applied, and leaving applied (revoked, expired, quarantined) — in commit order, so a
    /// subscriber resumes after the last `seq` it saw (SSE `Last-Event-ID`).
    static let v6DecisionLog = Migration(version: 6, name: "decision_log", sqlite: v6DecisionLogSQLite, postgres: v6DecisionLogPostgres)

    private static let v6DecisionLogSQLite: [String] = [
        """
        CREATE TABLE decision_log (
          seq INTEGER PRIMARY KEY,
          event_id TEXT NOT NULL REFERENCES decision_event(event_id),
          state TEXT NOT NULL,
          at_ms INTEGER NOT NULL
        )
        """
    ]

    private static let v6DecisionLogPostgres: [String] = [
        """
        CREATE TABLE decision_log (
          seq BIGINT PRIMARY KEY,
          event_id TEXT NOT NULL REFERENCES decision_event(event_id),
          state TEXT NOT NULL,
          at_ms BIGINT NOT NULL
        )
        """
    ]
}
