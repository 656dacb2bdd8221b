/// At most `permits` bodies at a time, the others waiting without holding a thread.
///
/// The CLI tests used to block a cooperative thread each while their `qmtl` child ran, which
/// capped them at two at a time on this machine (and starved everything else). Waiting off the
/// pool lifted that cap: every CLI test of the suite then started its children at once, on two
/// cores. The gate restores the cap without the blocking.
public actor ProcessGate {
    /// The gate the CLI runner's children pass.
    public static let children = ProcessGate(permits: 2)

    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init(permits: Int) { free = permits }

    /// Runs `body` once a permit is free, and frees it after.
    public func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
    }
}
