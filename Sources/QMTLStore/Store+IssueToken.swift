import QMTLCore

/// A bearer token as it is handed out: its record, and the secret shown once (R-SEC-1).
public struct IssuedToken: Sendable {
    /// The stored record (id, name, role).
    public var record: TokenRecord
    /// `qmtl_<64 hex>`: 32 random bytes. Only its BLAKE3 is stored; it cannot be shown again.
    public var secret: String
}

extension Store {
    /// Creates a token from a fresh random secret and returns the secret once; the store keeps
    /// only `BLAKE3(secret)` (R-SEC-1), and the audit entry names the token id, never the secret.
    /// - Parameters:
    ///   - name: what the token is for, e.g. `ci`.
    ///   - role: viewer, submitter, operator or admin.
    ///   - generator: the source of the secret's bytes (the system's CSPRNG by default).
    ///   - audit: who creates it, for the audit entry.
    /// - Throws: `E_BAD_ROLE`; `E_TOKEN_EXISTS` in the (2^-64) event of an id clash.
    public func issueToken(
        name: String, role: String, audit: AuditContext, generator: some RandomNumberGenerator = SystemRandomNumberGenerator()
    ) async throws -> IssuedToken {
        var rng = generator
        let secretBytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &rng) }
        let idBytes = (0..<8).map { _ in UInt8.random(in: .min ... .max, using: &rng) }
        let secret = "qmtl_" + Self.hex(secretBytes)
        let record = try await createToken(
            id: "tok_" + Self.hex(idBytes), secretHash: BLAKE3.hash(secret), name: name, role: role, audit: audit)
        return IssuedToken(record: record, secret: secret)
    }

    /// The token a presented bearer secret names, if it is valid and not revoked.
    public func token(secret: String) async throws -> TokenRecord? {
        try await token(secretHash: BLAKE3.hash(secret))
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
    }
}
