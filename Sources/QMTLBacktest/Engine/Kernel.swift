import QMTLCore

/// One node of a compiled plan: a plain value with the node's parameters and O(1) state. Its
/// history (if any) lives in the plan's shared ring buffer at `ring ..< ring + capacity`.
/// Kernels are evaluated by a `switch` over `kind` in one loop — no existential dispatch.
struct Kernel: Sendable, Hashable, Codable {
    enum Kind: UInt8, Sendable, Codable {
        case source, sma, ema, rsi, atr, bollinger, returns, zscore, crossover, threshold, positionTarget
    }

    /// A bar column read by indicators on bar inputs.
    enum Field: UInt8, Sendable, Codable {
        case open, high, low, close, volume

        init(_ name: String) {
            switch name {
            case "open": self = .open
            case "high": self = .high
            case "low": self = .low
            case "volume": self = .volume
            default: self = .close
            }
        }
    }

    var kind: Kind
    /// Slot of the input (or the `fast` role); -1 for sources.
    var input: Int32 = -1
    /// Slot of the `slow` role.
    var input2: Int32 = -1
    /// Whether the input is a bar (read `field`) rather than a series slot.
    var readsBar = false
    /// Index of the bar source (symbol) this kernel reads bars of.
    var source: Int32 = 0
    var field = Field.close
    var window: Int32 = 0
    /// Offset and size of this kernel's ring in the shared buffer.
    var ring: Int32 = 0
    var capacity: Int32 = 0
    /// Next write position in the ring, and values seen so far.
    var position: Int32 = 0
    var count: Int64 = 0
    /// Parameters.
    var p1 = 0.0
    var p2 = 0.0
    var band: Int8 = 0
    var logReturns = false
    /// State: running sums, smoothed values, previous inputs.
    var a = 0.0
    var b = 0.0
    var c = 0.0
    var previous = Double.nan
    var previous2 = Double.nan
}
