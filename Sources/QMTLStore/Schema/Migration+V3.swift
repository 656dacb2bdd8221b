// Shipped: never edit (FrozenMigrationTests pins these statements). Change the schema in a new migration.
extension Migration {
    /// Datasets: bars registered under their DatasetFingerprint (SPEC §4, R-ID-8), stored as
    /// packed chunks of 10,000 bars with the BLAKE3 of each chunk (`BarChunk`).
    static let v3Datasets = Migration(version: 3, name: "datasets", sqlite: v3DatasetsSQLite, postgres: v3DatasetsPostgres)

    private static let v3DatasetsSQLite: [String] = [
        """
        CREATE TABLE dataset (
          fingerprint BLOB PRIMARY KEY,
          symbol TEXT NOT NULL,
          interval_s BIGINT NOT NULL,
          bar_count BIGINT NOT NULL,
          first_ts BIGINT NOT NULL,
          last_ts BIGINT NOT NULL,
          chunk_count BIGINT NOT NULL,
          created_at_ms BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE dataset_chunk (
          fingerprint BLOB NOT NULL REFERENCES dataset(fingerprint),
          seq BIGINT NOT NULL,
          first_ts BIGINT NOT NULL,
          last_ts BIGINT NOT NULL,
          bar_count BIGINT NOT NULL,
          hash BLOB NOT NULL,
          bars BLOB NOT NULL,
          PRIMARY KEY (fingerprint, seq)
        ) WITHOUT ROWID
        """,
        "CREATE INDEX idx_dataset_symbol ON dataset(symbol, interval_s)",
    ]

    private static let v3DatasetsPostgres: [String] = [
        """
        CREATE TABLE dataset (
          fingerprint bytea PRIMARY KEY,
          symbol TEXT NOT NULL,
          interval_s BIGINT NOT NULL,
          bar_count BIGINT NOT NULL,
          first_ts BIGINT NOT NULL,
          last_ts BIGINT NOT NULL,
          chunk_count BIGINT NOT NULL,
          created_at_ms BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE dataset_chunk (
          fingerprint bytea NOT NULL REFERENCES dataset(fingerprint),
          seq BIGINT NOT NULL,
          first_ts BIGINT NOT NULL,
          last_ts BIGINT NOT NULL,
          bar_count BIGINT NOT NULL,
          hash bytea NOT NULL,
          bars bytea NOT NULL,
          PRIMARY KEY (fingerprint, seq)
        )
        """,
        "CREATE INDEX idx_dataset_symbol ON dataset(symbol, interval_s)",
    ]
}
