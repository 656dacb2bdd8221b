import QMTLCore

/// What ``Store/submitStrategy(_:strategy:name:worlds:audit:)`` wrote: the node counts and, per
/// world, whether the binding is new and the root's ref after it.
public struct StrategySubmission: Sendable, Equatable {
    /// One world's binding.
    public struct Binding: Sendable, Equatable {
        /// The world bound to.
        public var world: WorldID
        /// False when the strategy was already bound there (resubmitting is not an error).
        public var created: Bool
        /// The strategy root's ref in `world` after the binding.
        public var rootRef: WorldNodeRef

        /// One world's binding.
        public init(world: WorldID, created: Bool, rootRef: WorldNodeRef) {
            self.world = world
            self.created = created
            self.rootRef = rootRef
        }
    }

    /// Nodes new to the GSG, and nodes it already held.
    public var nodes: UpsertCount
    /// In the order the worlds were given.
    public var bindings: [Binding]

    /// A submission's outcome.
    public init(nodes: UpsertCount, bindings: [Binding]) {
        self.nodes = nodes
        self.bindings = bindings
    }
}
