import Foundation
import QMTLCore

/// Seeded synthetic OHLCV bars (R-SDK-4): a geometric random walk whose drift and volatility
/// switch between regimes. The same seed gives the same bars on every machine.
public struct SyntheticBars: Sendable {
    /// One market regime.
    public struct Regime: Sendable, Hashable {
        /// Mean log return per bar.
        public var drift: Double
        /// Standard deviation of the log return per bar.
        public var volatility: Double

        /// A regime.
        public init(drift: Double, volatility: Double) {
            self.drift = drift
            self.volatility = volatility
        }
    }

    /// The generator's seed: the same seed gives the same bars.
    public var seed: UInt64
    /// Time of the first bar, epoch seconds.
    public var start: Int64
    /// Seconds between bars.
    public var interval: Int
    /// The first close's reference price.
    public var startPrice: Double
    /// The regimes the walk switches between.
    public var regimes: [Regime]
    /// Chance per bar of switching to another regime.
    public var switchProbability: Double

    /// A generator; the defaults give three regimes of minute bars from 2015-01-02.
    public init(
        seed: UInt64, start: Int64 = 1_420_156_800, interval: Int = 60, startPrice: Double = 100,
        regimes: [Regime] = [
            Regime(drift: 0, volatility: 0.0005), Regime(drift: 0.00002, volatility: 0.0003), Regime(drift: -0.00003, volatility: 0.001),
        ],
        switchProbability: Double = 0.0005
    ) {
        self.seed = seed
        self.start = start
        self.interval = interval
        self.startPrice = startPrice
        self.regimes = regimes
        self.switchProbability = switchProbability
    }

    /// `count` bars, every `interval` seconds from `start`.
    public func generate(count: Int) -> [Bar] {
        var rng = SplitMix64(seed: seed)
        var bars: [Bar] = []
        bars.reserveCapacity(count)
        var regime = 0
        var close = startPrice
        for i in 0..<count {
            if rng.unit() < switchProbability { regime = (regime + 1 + Int(rng.next() % UInt64(max(1, regimes.count - 1)))) % regimes.count }
            let r = regimes[regime]
            let open = close * (1 + 0.0001 * rng.normal())
            close = close * Foundation.exp(r.drift + r.volatility * rng.normal())
            let high = max(open, close) * (1 + 0.0003 * abs(rng.normal()))
            let low = min(open, close) * (1 - 0.0003 * abs(rng.normal()))
            let volume = Double(100 + rng.next() % 9_900)
            bars.append(Bar(ts: start + Int64(i) * Int64(interval), open: open, high: high, low: low, close: close, volume: volume))
        }
        return bars
    }
}

/// SplitMix64: a small, fast, well-mixed seeded generator (synthetic data, benchmarks).
public struct SplitMix64: Sendable {
    var state: UInt64

    /// A generator seeded with `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) / Double(UInt64(1) << 53) }

    /// Uniform in [lo, hi).
    public mutating func uniform(_ lo: Double, _ hi: Double) -> Double { lo + (hi - lo) * unit() }

    /// Standard normal (Box–Muller).
    public mutating func normal() -> Double {
        let u1 = max(unit(), Double.leastNonzeroMagnitude)
        let u2 = unit()
        return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    }
}
