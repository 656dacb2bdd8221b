/// How people see a strategy: its name with the start of its id (`trend (blake3:b8644dab100d…)`),
/// or the whole id when it has no name.
public enum StrategyLabel {
    /// The label of `id`, named `name` or not.
    public static func text(_ id: String, _ name: String?) -> String {
        guard let name, !name.isEmpty else { return id }
        return "\(name) (\(id.prefix(19))…)"
    }
}
