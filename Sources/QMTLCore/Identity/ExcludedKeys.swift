/// Keys that never enter a NodeID (R-ID-4): run-time and environment facts, not meaning.
///
/// Matched case-insensitively at any depth of `params`: `world, world_id, world_ids,
/// execution_domain, domain, as_of, partition, dataset_fingerprint, timestamp, seed,
/// random_state, env` and every `env_*`.
public enum ExcludedKeys {
    public static let names: [String] = [
        "world", "world_id", "world_ids", "execution_domain", "domain", "as_of", "partition",
        "dataset_fingerprint", "timestamp", "seed", "random_state", "env",
    ]

    private static let nameBytes: [[UInt8]] = names.map { Array($0.utf8) }

    /// Whether `key` is excluded from hashing. Allocation-free: compares ASCII bytes.
    public static func isExcluded(_ key: String) -> Bool {
        if let r = key.utf8.withContiguousStorageIfAvailable({ isExcluded(bytes: $0) }) { return r }
        return isExcluded(bytes: Array(key.utf8))
    }

    static func isExcluded(bytes k: some RandomAccessCollection<UInt8>) -> Bool {
        @inline(__always) func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }
        guard k.count >= 3 else { return false }
        if k.count >= 4 {
            let p = k.startIndex
            if lower(k[p]) == 0x65 && lower(k[k.index(p, offsetBy: 1)]) == 0x6E && lower(k[k.index(p, offsetBy: 2)]) == 0x76
                && k[k.index(p, offsetBy: 3)] == 0x5F
            {
                return true
            }  // env_
        }
        guard k.count <= 19 else { return false }
        outer: for name in nameBytes where name.count == k.count {
            var i = k.startIndex
            for c in name {
                if lower(k[i]) != c { continue outer }
                i = k.index(after: i)
            }
            return true
        }
        return false
    }

    /// Removes excluded keys at any depth and reports each as a JSON pointer.
    /// - Parameters:
    ///   - value: the value to clean.
    ///   - pointer: the JSON pointer of `value` (e.g. `/params`).
    ///   - removed: receives the pointer of every removed key.
    /// - Returns: the cleaned value (the same value when nothing was excluded).
    public static func strip(_ value: JSONValue, pointer: String, removed: inout [String]) -> JSONValue {
        var path: [String] = []  // tokens below `pointer`; joined only for a removed key
        return strip(value, root: pointer, path: &path, removed: &removed) ?? value
    }

    /// `nil` when nothing changed; the path is only joined into a string for removed keys.
    static func strip(_ value: JSONValue, root: String, path: inout [String], removed: inout [String]) -> JSONValue? {
        switch value {
        case .object(let object):
            var changed: JSONObject?
            for i in 0..<object.count {
                let key = object.keys[i]
                if isExcluded(key) {
                    removed.append(root + path.joined() + "/" + escape(key))
                    if changed == nil { changed = object }
                    changed![key] = nil
                    continue
                }
                switch object.values[i] {
                case .object, .array:
                    path.append("/" + escape(key))
                    defer { path.removeLast() }
                    if let v = strip(object.values[i], root: root, path: &path, removed: &removed) {
                        if changed == nil { changed = object }
                        changed![key] = v
                    }
                default: continue
                }
            }
            return changed.map { .object($0) }
        case .array(let elements):
            var changed: [JSONValue]?
            for (i, e) in elements.enumerated() {
                switch e {
                case .object, .array:
                    path.append("/\(i)")
                    defer { path.removeLast() }
                    if let v = strip(e, root: root, path: &path, removed: &removed) {
                        if changed == nil { changed = elements }
                        changed![i] = v
                    }
                default: continue
                }
            }
            return changed.map { .array($0) }
        default:
            return nil
        }
    }

    /// RFC 6901 escaping of one reference token (`~` → `~0`, `/` → `~1`).
    public static func escape(_ token: String) -> String {
        guard token.utf8.contains(where: { $0 == 0x7E || $0 == 0x2F }) else { return token }
        var out = ""
        for ch in token {
            switch ch {
            case "~": out += "~0"
            case "/": out += "~1"
            default: out.append(ch)
            }
        }
        return out
    }
}
