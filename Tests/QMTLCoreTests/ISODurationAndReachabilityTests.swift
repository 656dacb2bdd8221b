import QMTLCore
import Testing

@Suite("ISO-8601 TTLs and reachability")
struct ISODurationAndReachabilityTests {
    @Test(
        arguments: [
            ("P0D", 0), ("P2D", 172_800), ("PT12H", 43_200), ("P1DT6H30M", 109_800), ("P1W", 604_800), ("PT90S", 90), ("P1WT1S", 604_801),
        ] as [(String, Int64)])
    func durationsAreSeconds(_ text: String, _ seconds: Int64) throws {
        #expect(try ISODuration.seconds(text) == seconds)
    }

    @Test(arguments: ["", "P", "PT", "1D", "P1M", "P1Y", "PT1D", "P1H", "P1D2D", "PT1S1M", "P-1D", "P1.5D", "P1", "P 1D", "p1d", "PT1H T"])
    func malformedDurationsAreRefused(_ text: String) {
        let error = #expect(throws: QMTLError.self) { try ISODuration.seconds(text) }
        #expect(error?.code == .decisionTTL)
    }

    static func id(_ n: Int) -> NodeID { NodeID(BLAKE3.hash("node \(n)")) }

    /// root(0) ← a(1) ← src(3); root ← b(2) ← src(3); b ← c(4)
    static let graph: [NodeID: [NodeID]] = [id(0): [id(1), id(2)], id(1): [id(3)], id(2): [id(3), id(4)], id(3): [], id(4): []]

    @Test func inactiveEdgesNarrowWhatARootReaches() {
        let all = Reachability(inputs: Self.graph, inactive: [])
        #expect(all.reached(from: Self.id(0)) == Set((0...4).map(Self.id)))
        #expect(all.cutOff(from: Self.id(0)).isEmpty)
        // Cutting root ← b: src is still reached through a, but b and c are not.
        let cut = Reachability(inputs: Self.graph, inactive: [.init(src: Self.id(2), dst: Self.id(0))])
        #expect(cut.reached(from: Self.id(0)) == [Self.id(0), Self.id(1), Self.id(3)])
        #expect(cut.reached(from: Self.id(0), throughInactive: true).count == 5)
        #expect(cut.cutOff(from: Self.id(0)).map(\.node) == [Self.id(2)])
        #expect(cut.cutOff(from: Self.id(0)).first?.edge == .init(src: Self.id(2), dst: Self.id(0)))
        // Cutting a ← src alone loses nothing: src is reached through b.
        let detour = Reachability(inputs: Self.graph, inactive: [.init(src: Self.id(3), dst: Self.id(1))])
        #expect(detour.cutOff(from: Self.id(0)).isEmpty)
    }
}
