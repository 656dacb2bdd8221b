import Foundation
import QMTLAPI
import QMTLCore
import QMTLStore

extension QMTLService {
    public func createToken(name: String, role: Role) async throws -> TokenInfo {
        let ctx = try authorize("token.create", needs: .admin)
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 100 else { throw QMTLError(.tokenName, "a token's name is 1 to 100 characters") }
        let issued = try await store.issueToken(name: trimmed, role: role.rawValue, audit: ctx)
        var info = Self.info(issued.record)
        info.secret = issued.secret
        return info
    }

    public func listTokens() async throws -> [TokenInfo] {
        _ = try authorize("token.list", needs: .admin)
        return try await store.tokens().map(Self.info)
    }

    public func revokeToken(_ id: String) async throws -> TokenInfo {
        let ctx = try authorize("token.revoke", needs: .admin)
        return Self.info(try await store.revokeToken(id: id, audit: ctx))
    }

    static func info(_ r: TokenRecord) -> TokenInfo {
        TokenInfo(
            id: r.tokenID, name: r.name, role: r.role, createdAt: iso(r.createdAtMillis), revokedAt: r.revokedAtMillis.map(iso), secret: nil)
    }
}
