import QMTLCore

/// An order the engine wants executed.
public struct Order: Sendable, Hashable, Codable {
    public var ts: Int64
    public var symbol: String
    /// Signed quantity: positive buys, negative sells.
    public var quantity: Double
    /// The price the engine assumed (next open, with slippage).
    public var price: Double

    public init(ts: Int64, symbol: String, quantity: Double, price: Double) {
        self.ts = ts
        self.symbol = symbol
        self.quantity = quantity
        self.price = price
    }
}

/// A broker's confirmation of an order.
public struct Fill: Sendable, Hashable, Codable {
    public var order: Order
    public var price: Double
    public var quantity: Double
}

/// Where orders go (R-SDK-8). Real brokers are out of scope; ``SimulatedBroker`` fills here.
public protocol Broker: Sendable {
    /// Executes one order.
    mutating func submit(_ order: Order) throws -> Fill
}

/// Fills every order at its assumed price and keeps them (paper fills).
public struct SimulatedBroker: Broker {
    public private(set) var fills: [Fill] = []
    /// How many times `submit` was called.
    public private(set) var calls = 0

    public init() {}

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
    public enum Mode: String, Sendable, Codable, CaseIterable { case off, paper, live }

    public let mode: Mode
    public private(set) var paperBroker: SimulatedBroker
    public private(set) var liveBroker: B
    /// Orders dropped because the gate is off.
    public private(set) var dropped = 0

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
