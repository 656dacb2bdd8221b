/// Lifecycle of a world (SPEC §4): the store keeps it and the API shows it, under these names.
public enum WorldState: String, Sendable, Codable, CaseIterable {
    case active = "ACTIVE"
    case suspended = "SUSPENDED"
    case archived = "ARCHIVED"
}
