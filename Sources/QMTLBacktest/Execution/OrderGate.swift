import QMTLCore

/// An order the engine wants executed.
public struct Order: Sendable, Hashable, Codable {
    /// The bar time of the fill, epoch seconds (the open after the signal).
    public var ts: Int64
    /// The instrument.
    public var symbol: String
    /// Signed quantity: positive buys, negative sells.
    public var quantity: Double
    /// The price the engine assumed (next open, with slippage).
    public var price: Double

    /// An order.
    public init(ts: Int64, symbol: String, quantity: Double, price: Double) {
        self.ts = ts
        self.symbol = symbol
        self.quantity = quantity
        self.price = price
    }
}

/// A broker's confirmation of an order.
public struct Fill: Sendable, Hashable, Codable {
    /// The order filled.
    public var order: Order
    /// The price it was filled at.
    public var price: Double
    /// The signed quantity filled.
    public var quantity: Double
}

/// Where orders go (R-SDK-8). Real brokers are out of scope; ``SimulatedBroker`` fills here.
public protocol Broker: Sendable {
    /// Executes one order.
    mutating func submit(_ order: Order) throws -> Fill
}

/// Fills every order at its assumed price and keeps them (paper fills).
public struct SimulatedBroker: Broker {
    /// Every fill so far, in order.
    public private(set) var fills: [Fill] = []
    /// How many times `submit` was called.
    public private(set) var calls = 0

    /// A broker with no fills.
    public init() {}

    /// Fills the order whole at its assumed price.
    public mutating func submit(_ order: Order) throws -> Fill {
        calls += 1
        let fill = Fill(order: order, price: order.price, quantity: order.quantity)
        fills.append(fill)
        return fill
    }
}

/// The gate in front of the broker (R-SDK-8): `off` drops every order (counted) and never calls
/// the broker — the safe mode of R-SDK-6; `paper` routes to the simulated broker; `live` to the
/// configured broker (simulated here too).
public struct OrderGate<B: Broker>: Sendable {
    /// Where orders go: nowhere, the simulated paper broker, or the live broker.
    public enum Mode: String, Sendable, Codable, CaseIterable { case off, paper, live }

    /// The gate's mode, fixed for its life.
    public let mode: Mode
    /// Receives orders in `paper` mode.
    public private(set) var paperBroker: SimulatedBroker
    /// Receives orders in `live` mode.
    public private(set) var liveBroker: B
    /// Orders dropped because the gate is off.
    public private(set) var dropped = 0

    /// A gate in `mode` in front of `live`.
    public init(mode: Mode, live: B) {
        self.mode = mode
        self.liveBroker = live
        self.paperBroker = SimulatedBroker()
    }

    /// Routes one order; nil when the gate is off.
    public mutating func route(_ order: Order) throws -> Fill? {
        switch mode {
        case .off:
            dropped += 1
            return nil
        case .paper:
            return try paperBroker.submit(order)
        case .live:
            return try liveBroker.submit(order)
        }
    }
}
