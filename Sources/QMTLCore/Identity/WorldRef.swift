/// A world's stable id, `world:<slug>` with slug `[a-z0-9][a-z0-9._-]*` (R-ID-6).
public struct WorldID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The slug, without the `world:` prefix.
    public let slug: String

    /// Accepts `world:<slug>` or the bare slug.
    /// - Throws: ``QMTLError`` `E_BAD_WORLD_ID` naming the rule that failed.
    public init(parsing text: some StringProtocol) throws {
        let slug = text.hasPrefix("world:") ? String(text.dropFirst(6)) : String(text)
        guard Self.isValidSlug(slug) else {
            throw QMTLError(
                .badWorldID,
                "invalid world id \"\(text)\": expected world:<slug> with slug [a-z0-9][a-z0-9._-]* (at most 64 characters)")
        }
        self.slug = slug
    }

    static func isValidSlug(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard let first = u.first, u.count <= 64 else { return false }
        func alnum(_ c: UInt8) -> Bool { (0x61...0x7A).contains(c) || (0x30...0x39).contains(c) }
        return alnum(first) && u.dropFirst().allSatisfy { alnum($0) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D }
    }

    public var description: String { "world:" + slug }

    public static func < (a: WorldID, b: WorldID) -> Bool { a.slug < b.slug }
}

/// A versioned world reference: `world:<slug>@blake3:<hash of the config snapshot's JCS>`
/// (R-ID-6). Any change to a world's configuration gives a new ref, and so new EvalKeys.
public struct WorldRef: Hashable, Sendable, CustomStringConvertible {
    public let world: WorldID
    /// BLAKE3 of the snapshot's canonical JSON.
    public let snapshotHash: Hash256

    /// The ref of `world` at the configuration `snapshot`.
    /// - Throws: ``QMTLError`` `E_JSON_NON_FINITE` if the snapshot holds a non-finite number.
    public init(world: WorldID, snapshot: JSONValue) throws {
        self.world = world
        self.snapshotHash = BLAKE3.hash(try JCS.bytes(snapshot))
    }

    /// Parses `world:<slug>@blake3:<hex>`.
    /// - Throws: ``QMTLError`` `E_BAD_WORLD_REF`.
    public init(parsing text: some StringProtocol) throws {
        guard let at = text.firstIndex(of: "@") else {
            throw QMTLError(.badWorldRef, "invalid world ref \"\(text)\": expected world:<slug>@blake3:<hex>")
        }
        do {
            world = try WorldID(parsing: text[..<at])
            guard text[..<at].hasPrefix("world:") else { throw QMTLError(.badWorldID, "missing world: prefix") }
            snapshotHash = try Hash256(parsing: text[text.index(after: at)...])
        } catch let error as QMTLError {
            throw QMTLError(.badWorldRef, "invalid world ref \"\(text)\": \(error.message)")
        }
    }

    public var description: String { "\(world)@\(snapshotHash)" }
}
