/// A world-local edge override (R-WVG-4): an inactive edge does not count for reachability in
/// its world, so a strategy reaching a node only through it is not evaluated there.
public struct EdgeOverrideInfo: Sendable, Hashable, Codable {
    /// The world.
    public var world: String
    /// The edge's input node.
    public var src: String
    /// The node consuming it.
    public var dst: String
    /// False narrows the edge away in this world.
    public var active: Bool
    /// DERIVATIVES_DISABLED, DATA_POLICY or MANUAL.
    public var reason: String

    /// An override.
    public init(world: String, src: String, dst: String, active: Bool, reason: String) {
        self.world = world
        self.src = src
        self.dst = dst
        self.active = active
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case active, reason
        case world = "world_id"
        case src = "src_node_id"
        case dst = "dst_node_id"
    }
}
