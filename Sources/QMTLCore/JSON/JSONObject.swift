/// The members of a JSON object, kept sorted by key in UTF-16 code unit order (RFC 8785 §3.2.3).
///
/// Keys are equal only when their code units are equal (no Unicode normalisation).
public struct JSONObject: Sendable, Hashable, Sequence {
    /// Keys in canonical order.
    public private(set) var keys: [String] = []
    /// Values, parallel to ``keys``.
    public private(set) var values: [JSONValue] = []

    /// An empty object.
    public init() {}

    /// Builds an object from members, rejecting a repeated key.
    /// - Throws: ``QMTLError`` `E_JSON_DUPLICATE_KEY` naming the key.
    public init(members: [(String, JSONValue)]) throws {
        let sorted = members.sorted { JCS.keyPrecedes($0.0, $1.0) }
        for (i, m) in sorted.enumerated() where i > 0 && JCS.keysEqual(sorted[i - 1].0, m.0) {
            throw QMTLError(.jsonDuplicateKey, "duplicate key \"\(m.0)\"", details: ["key": m.0])
        }
        keys = sorted.map(\.0)
        values = sorted.map(\.1)
    }

    /// Wraps keys already in canonical order and without repeats (checked in debug builds).
    init(sortedKeys: [String], values: [JSONValue]) {
        assert(zip(sortedKeys, sortedKeys.dropFirst()).allSatisfy { JCS.keyPrecedes($0, $1) })
        keys = sortedKeys
        self.values = values
    }

    /// Number of members.
    public var count: Int { keys.count }

    /// `true` when there are no members.
    public var isEmpty: Bool { keys.isEmpty }

    private func index(of key: String) -> (found: Bool, at: Int) {
        var lo = 0
        var hi = keys.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if JCS.keyPrecedes(keys[mid], key) { lo = mid + 1 } else { hi = mid }
        }
        return (lo < keys.count && JCS.keysEqual(keys[lo], key), lo)
    }

    /// The value for `key`; setting `nil` removes the member.
    public subscript(key: String) -> JSONValue? {
        get {
            let i = index(of: key)
            return i.found ? values[i.at] : nil
        }
        set {
            let i = index(of: key)
            switch (i.found, newValue) {
            case (true, let v?): values[i.at] = v
            case (true, nil):
                keys.remove(at: i.at)
                values.remove(at: i.at)
            case (false, let v?):
                keys.insert(key, at: i.at)
                values.insert(v, at: i.at)
            case (false, nil): break
            }
        }
    }

    public func makeIterator() -> Zip2Sequence<[String], [JSONValue]>.Iterator {
        zip(keys, values).makeIterator()
    }

    public static func == (a: JSONObject, b: JSONObject) -> Bool {
        a.values == b.values && a.keys.count == b.keys.count && zip(a.keys, b.keys).allSatisfy { JCS.keysEqual($0, $1) }
    }

    public func hash(into hasher: inout Hasher) {
        for k in keys { hasher.combine(k.utf8.count); for b in k.utf8 { hasher.combine(b) } }
        hasher.combine(values)
    }
}
