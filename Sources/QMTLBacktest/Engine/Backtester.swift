import QMTLCore

/// Costs and sizing of a backtest (from the world's `market_config`).
public struct ExecutionConfig: Sendable, Hashable, Codable {
    /// Commission per side, in basis points of notional.
    public var commissionBps: Double
    /// Slippage per side, in basis points of the fill price.
    public var slippageBps: Double
    /// Shares are rounded down to multiples of `lot`; 0 means fractional.
    public var lot: Double
    public var startingCash: Double

    public init(commissionBps: Double = 0, slippageBps: Double = 0, lot: Double = 0, startingCash: Double = 10_000) {
        self.commissionBps = commissionBps
        self.slippageBps = slippageBps
        self.lot = lot
        self.startingCash = startingCash
    }
}

/// A closed (or still open) round trip from flat to flat.
public struct Trade: Sendable, Hashable, Codable {
    public var entryTs: Int64
    public var entryPrice: Double
    public var exitTs: Int64?
    public var exitPrice: Double?
    /// Cash paid to open (long) or received (short), costs included.
    public var invested: Double
    /// Sum of the trade's cash flows; the profit once closed.
    public var pnl: Double
    /// Shares held now (the open trade) or at the last change.
    public var shares: Double

    /// `pnl / invested`.
    public var returnFraction: Double { pnl / invested }
}

/// The streaming backtest engine (R-SDK-2): one pass, O(1) state per kernel, a target computed
/// on bar t's close fills at bar t+1's open. `step(_:)` takes one bar; a batch run is the same
/// steps, so batch and incremental runs are bit-identical. The whole state is a value: a copy
/// is a checkpoint.
public struct Backtester: Sendable, Codable {
    public let plan: BacktestPlan
    public let config: ExecutionConfig
    var kernels: [Kernel]
    var ring: [Double]
    var values: [Double]
    // Portfolio.
    public private(set) var cash: Double
    public private(set) var shares = 0.0
    var heldTarget = 0.0
    var pendingTarget: Double?
    public private(set) var trades: [Trade] = []
    public private(set) var openTrade: Trade?
    public private(set) var equity: [Double] = []
    public private(set) var timestamps: [Int64] = []
    /// Every order the engine executed in its own simulation, for an ``OrderGate`` to route in
    /// paper and live runs.
    public private(set) var orders: [Order] = []
    /// Notional traded, for turnover.
    public private(set) var tradedNotional = 0.0
    /// Bars that closed with a position.
    public private(set) var barsInMarket = 0
    /// Time of the last bar processed.
    public private(set) var lastTs: Int64?

    public init(plan: BacktestPlan, config: ExecutionConfig = ExecutionConfig()) {
        self.plan = plan
        self.config = config
        kernels = plan.kernels
        ring = [Double](repeating: 0, count: plan.ringSize)
        values = [Double](repeating: .nan, count: plan.kernels.count)
        cash = config.startingCash
    }

    /// The latest output of a node (NaN while it warms up); nil for a node not in the plan.
    public func output(of node: NodeID) -> Double? {
        plan.slots[node].map { values[$0] }
    }

    /// Runs every bar. The same per-bar work as ``step(_:)`` (so the results are bit-identical),
    /// with the plan's buffers taken once for the whole run.
    public mutating func run(_ bars: some Collection<Bar>) {
        equity.reserveCapacity(equity.count + bars.count)
        timestamps.reserveCapacity(timestamps.count + bars.count)
        // Move the buffers out of `self` so the loop can hold them while it updates the portfolio.
        var k = kernels, r = ring, v = values
        (kernels, ring, values) = ([], [], [])
        k.withUnsafeMutableBufferPointer { k in
            r.withUnsafeMutableBufferPointer { r in
                v.withUnsafeMutableBufferPointer { v in
                    for bar in bars { advance(bar, k, r, v) }
                }
            }
        }
        (kernels, ring, values) = (k, r, v)
    }

    /// Processes one bar: fill the pending target at its open, evaluate the plan on its close,
    /// mark equity, and queue the new target for the next bar.
    public mutating func step(_ bar: Bar) {
        run(CollectionOfOne(bar))
    }

    @inline(__always)
    mutating func advance(
        _ bar: Bar, _ k: UnsafeMutableBufferPointer<Kernel>, _ r: UnsafeMutableBufferPointer<Double>, _ v: UnsafeMutableBufferPointer<Double>
    ) {
        if let target = pendingTarget {
            rebalance(to: target, price: bar.open, at: bar.ts)
            pendingTarget = nil
        }
        for i in 0..<k.count { Self.evaluate(&k[i], slot: i, bar: bar, ring: r, values: v) }
        equity.append(cash + shares * bar.close)
        timestamps.append(bar.ts)
        if shares != 0 { barsInMarket += 1 }
        let target = v[plan.positionSlot]
        if target.isFinite && target != heldTarget { pendingTarget = target }
        lastTs = bar.ts
    }

    // MARK: Execution

    mutating func rebalance(to target: Double, price open: Double, at ts: Int64) {
        heldTarget = target
        let commission = config.commissionBps / 10_000
        let slip = config.slippageBps / 10_000
        let equityAtOpen = cash + shares * open
        let wanted = target * equityAtOpen  // signed notional at the open price
        let current = shares * open
        guard abs(wanted - current) > 1e-12 * max(1, abs(equityAtOpen)) else { return }
        var delta: Double
        let price: Double
        if wanted > current {
            price = open * (1 + slip)
            // Spend so that notional plus commission equals the value to add.
            delta = (wanted - current) / (price * (1 + commission))
        } else {
            price = open * (1 - slip)
            delta = (wanted - current) / price
            if target == 0 { delta = -shares }  // closing: exactly the shares held
        }
        if config.lot > 0 { delta = (delta / config.lot).rounded(.towardZero) * config.lot }
        guard delta != 0 else { return }
        let flow = delta > 0 ? -delta * price * (1 + commission) : -delta * price * (1 - commission)
        let before = shares
        cash += flow
        shares += delta
        if abs(shares) < 1e-12 * max(1, abs(before)) { shares = 0 }
        tradedNotional += abs(delta) * price
        orders.append(Order(ts: ts, symbol: plan.symbol, quantity: delta, price: price))
        record(flow: flow, before: before, price: price, at: ts)
    }

    mutating func record(flow: Double, before: Double, price: Double, at ts: Int64) {
        if before == 0 {
            openTrade = Trade(entryTs: ts, entryPrice: price, exitTs: nil, exitPrice: nil, invested: abs(flow), pnl: flow, shares: shares)
            return
        }
        openTrade?.pnl += flow
        openTrade?.shares = shares
        if shares == 0 || (before > 0) != (shares > 0), var t = openTrade {
            t.exitTs = ts
            t.exitPrice = price
            trades.append(t)
            openTrade = nil
            if shares != 0 {  // flipped: the rest opens a new trade
                let carried = shares * price
                openTrade = Trade(entryTs: ts, entryPrice: price, exitTs: nil, exitPrice: nil, invested: abs(carried), pnl: 0, shares: shares)
            }
        }
    }
}
