extension QMTLError.Code {
    // MARK: Store: Opening and using a store (SQLite or PostgreSQL).

    /// A store location is not a path or `postgres://user[:password]@host[:port]/database`.
    public static let storeURL = Self(
        "E_STORE_URL", .usage,
        "A store location is not a path or `postgres://user[:password]@host[:port]/database`.",
        remedy: "Fix `--store` or `QMTL_STORE`.")
    /// The store cannot be reached or opened: PostgreSQL does not answer or refuses the login, or the SQLite path cannot be opened.
    public static let storeUnavailable = Self(
        "E_STORE_UNAVAILABLE", .unavailable,
        "The store cannot be reached or opened: PostgreSQL does not answer or refuses the login, or the SQLite path cannot be opened.",
        remedy: "Start the database, check the URL and credentials, or the path's permissions; then retry.")
    /// The store stayed locked by another writer for longer than the busy timeout.
    public static let storeBusy = Self(
        "E_STORE_BUSY", .unavailable,
        "The store stayed locked by another writer for longer than the busy timeout.",
        remedy: "Retry; look for a process holding a long transaction.")
    /// The database was migrated by a newer qmtl than this one.
    public static let schemaTooNew = Self(
        "E_SCHEMA_TOO_NEW", .unavailable,
        "The database was migrated by a newer qmtl than this one.",
        remedy: "Upgrade qmtl.")
    /// Stored data is not what this qmtl wrote: a column has the wrong type, a hash does not match, or the file is not a database.
    public static let storeCorrupt = Self(
        "E_STORE_CORRUPT", .internal,
        "Stored data is not what this qmtl wrote: a column has the wrong type, a hash does not match, or the file is not a database.",
        remedy: "Restore from a backup; run `qmtl audit verify`.")
    /// The database refused a statement (its SQLSTATE or SQLite code is in the details).
    public static let storeRefused = Self(
        "E_STORE_REFUSED", .internal,
        "The database refused a statement (its SQLSTATE or SQLite code is in the details).",
        remedy: "Report it with the details; it is a bug or a schema edited by hand.")
    /// A write was attempted inside a read-only access.
    public static let storeReadOnly = Self(
        "E_STORE_READ_ONLY", .internal,
        "A write was attempted inside a read-only access.",
        remedy: "Report it: it is a bug.")
    /// A stored audit entry is missing a field.
    public static let auditFormat = Self(
        "E_AUDIT_FORMAT", .internal,
        "A stored audit entry is missing a field.",
        remedy: "Run `qmtl audit verify`; restore from a backup.")
    /// The audit log fails verification: an entry was edited, deleted, reordered or cut off (the message names the first bad entry).
    public static let auditBroken = Self(
        "E_AUDIT_BROKEN", .internal,
        "The audit log fails verification: an entry was edited, deleted, reordered or cut off (the message names the first bad entry).",
        remedy: "Treat the store as tampered with: restore from a backup and investigate.")

    /// Every code of this group, in catalogue order.
    static let storeGroup: [Self] = [
        .storeURL, .storeUnavailable, .storeBusy, .schemaTooNew, .storeCorrupt, .storeRefused, .storeReadOnly, .auditFormat, .auditBroken,
    ]
}
