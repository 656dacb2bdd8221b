/// One named, ordered schema change with the same id on both backends.
///
/// Shipped migrations are literal SQL per dialect and never change (style rule 11):
/// `FrozenMigrationTests` pins the BLAKE3 of each one's statements, so an edit fails loudly.
/// A schema change is a new migration, appended to ``all`` and pinned when it ships.
struct Migration: Sendable {
    var version: Int
    var name: String
    var sqlite: [String]
    var postgres: [String]

    func statements(for dialect: SQLDialect) -> [String] {
        dialect == .sqlite ? sqlite : postgres
    }
}

extension Migration {
    /// Every migration, in order. The binary knows versions up to `all.last!.version`.
    static let all: [Migration] = [
        .v1Base, .v2Lifecycle, .v3Datasets, .v4RunIndex, .v5DecisionOrder, .v6DecisionLog, .v7ChangeNotifications, .v8Jobs, .v9WorldFeed,
        .v10RunSeries, .v11StrategyName,
    ]
}
