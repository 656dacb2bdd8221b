/// Keys that never enter a NodeID (R-ID-4): run-time and environment facts, not meaning.
///
/// Matched case-insensitively at any depth of `params`: `world, world_id, world_ids,
/// execution_domain, domain, as_of, partition, dataset_fingerprint, timestamp, seed,
/// random_state, env` and every `env_*`.
public enum ExcludedKeys {
    public static let names: Set<String> = [
        "world", "world_id", "world_ids", "execution_domain", "domain", "as_of", "partition",
        "dataset_fingerprint", "timestamp", "seed", "random_state", "env",
    ]

    /// Whether `key` is excluded from hashing.
    public static func isExcluded(_ key: String) -> Bool {
        // Fast reject: every excluded key is ASCII and 3…19 bytes long.
        let n = key.utf8.count
        guard n >= 3 && n <= 19 else { return n > 19 && key.lowercased().hasPrefix("env_") }
        let lower = key.lowercased()
        return names.contains(lower) || lower.hasPrefix("env_")
    }

    /// Removes excluded keys at any depth and reports each as a JSON pointer under `pointer`.
    public static func strip(_ value: JSONValue, pointer: String, removed: inout [String]) -> JSONValue {
        switch value {
        case .object(let object):
            var kept: [(String, JSONValue)] = []
            kept.reserveCapacity(object.count)
            var changed = false
            for (k, v) in object {
                let child = pointer + "/" + escape(k)
                if isExcluded(k) {
                    removed.append(child)
                    changed = true
                    continue
                }
                let stripped = strip(v, pointer: child, removed: &removed)
                if stripped != v { changed = true }
                kept.append((k, stripped))
            }
            guard changed else { return value }
            // Members come from a valid object, so there are no duplicates.
            return .object(try! JSONObject(members: kept))
        case .array(let elements):
            return .array(elements.enumerated().map { strip($1, pointer: pointer + "/\($0)", removed: &removed) })
        default:
            return value
        }
    }

    /// RFC 6901 escaping of one reference token.
    public static func escape(_ token: String) -> String {
        guard token.contains("~") || token.contains("/") else { return token }
        return token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
