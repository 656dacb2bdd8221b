import Foundation
import QMTLCore

/// The market `qmtl demo` trades: seeded daily bars whose log price is a slow cycle plus a
/// drift plus noise, and whose noise changes character at `regimeChange` — short-term
/// momentum before it (each day's shock carries a share of the previous one), short-term
/// reversal after it. A trend follower on the cycle works in both; a fast momentum strategy
/// tuned on the first part looks excellent there and fails after — what a paper stage is for.
///
/// Pure and deterministic: the same settings give the same bars on every machine (prices in
/// ten-thousandths, so their CSV reads back to the same bars and fingerprint).
public struct DemoMarket: Sendable, Hashable {
    /// The generator's seed.
    public var seed: UInt64
    /// Number of daily bars.
    public var count: Int
    /// Time of the first bar, epoch seconds.
    public var start: Int64
    /// Index of the first bar of the second regime.
    public var regimeChange: Int
    /// Period of the cycle, in bars.
    public var cyclePeriod: Double
    /// Amplitude of the cycle in log price.
    public var cycleAmplitude: Double
    /// Mean log return per bar.
    public var drift: Double
    /// Standard deviation of a bar's shock.
    public var volatility: Double
    /// Share of the previous shock carried into the next before `regimeChange` (momentum).
    public var persistenceBefore: Double
    /// The same after it (negative: reversal).
    public var persistenceAfter: Double

    /// A market; the defaults are the demo's.
    public init(
        seed: UInt64 = 3, count: Int = 960, start: Int64 = 1_641_168_000, regimeChange: Int? = nil, cyclePeriod: Double = 80,
        cycleAmplitude: Double = 0.06, drift: Double = 0.0002, volatility: Double = 0.012, persistenceBefore: Double = 0.35,
        persistenceAfter: Double = -0.4
    ) {
        self.seed = seed
        self.count = count
        self.start = start
        self.regimeChange = regimeChange ?? max(0, count - 241)
        self.cyclePeriod = cyclePeriod
        self.cycleAmplitude = cycleAmplitude
        self.drift = drift
        self.volatility = volatility
        self.persistenceBefore = persistenceBefore
        self.persistenceAfter = persistenceAfter
    }

    /// The bars, one a day from `start`.
    public func generate() -> [Bar] {
        var rng = SplitMix64(seed: seed)
        var bars: [Bar] = []
        bars.reserveCapacity(count)
        var close = 100.0
        var shock = 0.0
        let omega = 2 * Double.pi / cyclePeriod
        for i in 0..<count {
            let cycle = cycleAmplitude * (sin(omega * Double(i)) - sin(omega * Double(i - 1)))
            shock = (i < regimeChange ? persistenceBefore : persistenceAfter) * shock + volatility * rng.normal()
            let open = close * (1 + 0.001 * rng.normal())
            close *= exp(drift + cycle + shock)
            let high = max(open, close) * (1 + 0.003 * abs(rng.normal()))
            let low = min(open, close) * (1 - 0.003 * abs(rng.normal()))
            let volume = Double(1_000 + rng.next() % 9_000)
            // Prices in ten-thousandths, as a data vendor writes them (rounding keeps low ≤ open, close ≤ high).
            bars.append(
                Bar(
                    ts: start + Int64(i) * 86_400, open: Self.tick(open), high: Self.tick(high), low: Self.tick(low), close: Self.tick(close),
                    volume: volume))
        }
        return bars
    }

    static func tick(_ price: Double) -> Double { (price * 10_000).rounded() / 10_000 }
}
