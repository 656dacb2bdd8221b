/// A world's feed after `POST /worlds/{w}/feed` (R-CAMP-5): bars after its dataset's last,
/// consumed by paper and live runs without changing the dataset or any EvalKey.
public struct FeedInfo: Sendable, Hashable, Codable {
    /// The world.
    public var world: String
    /// Bars added by this append (bars sent again unchanged are not counted).
    public var appended: Int
    /// Bars in the feed now.
    public var bars: Int
    /// The feed's last bar (ISO-8601 UTC); nil while it is empty.
    public var lastBar: String?
    /// The last bar of the world's dataset, where the feed starts after.
    public var datasetLastBar: String

    /// A feed's summary.
    public init(world: String, appended: Int, bars: Int, lastBar: String?, datasetLastBar: String) {
        self.world = world
        self.appended = appended
        self.bars = bars
        self.lastBar = lastBar
        self.datasetLastBar = datasetLastBar
    }

    enum CodingKeys: String, CodingKey {
        case appended, bars
        case world = "world_id"
        case lastBar = "last_bar"
        case datasetLastBar = "dataset_last_bar"
    }
}
