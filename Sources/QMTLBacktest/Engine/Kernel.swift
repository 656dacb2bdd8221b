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
    /// Two numeric parameters and two running values, shared by every kind to keep kernels
    /// small and plain; read them through the named accessors below, which say what they are
    /// for each kind.
    var parameter0 = 0.0
    var parameter1 = 0.0
    var band: Int8 = 0
    var logReturns = false
    var state0 = 0.0
    var state1 = 0.0
    /// The previous input (RSI), previous close (ATR) or previous fast value (Crossover).
    var previous = Double.nan
    /// Crossover: the previous slow value.
    var previousSlow = Double.nan
}

// MARK: What the shared fields hold, by kind

extension Kernel {
    /// Bollinger: band width in standard deviations (`k`).
    var bandWidth: Double {
        get { parameter0 }
        set { parameter0 = newValue }
    }
    /// Threshold: the bound above which the signal is +1 (NaN: none).
    var upper: Double {
        get { parameter0 }
        set { parameter0 = newValue }
    }
    /// Threshold: the bound below which the signal is −1 (NaN: none).
    var lower: Double {
        get { parameter1 }
        set { parameter1 = newValue }
    }
    /// PositionTarget: fraction of equity held long on +1.
    var longFraction: Double {
        get { parameter0 }
        set { parameter0 = newValue }
    }
    /// PositionTarget: fraction of equity held short on −1.
    var shortFraction: Double {
        get { parameter1 }
        set { parameter1 = newValue }
    }
    /// SMA: the cumulative sum of every input; EMA: the sum of the inputs that seed it;
    /// Bollinger and ZScore: the sum over the window.
    var sum: Double {
        get { state0 }
        set { state0 = newValue }
    }
    /// Bollinger and ZScore: the sum of squares over the window.
    var sumOfSquares: Double {
        get { state1 }
        set { state1 = newValue }
    }
    /// EMA: its current value.
    var average: Double {
        get { state1 }
        set { state1 = newValue }
    }
    /// RSI: Wilder-smoothed average gain (a running sum while warming up).
    var averageGain: Double {
        get { state0 }
        set { state0 = newValue }
    }
    /// RSI: Wilder-smoothed average loss (a running sum while warming up).
    var averageLoss: Double {
        get { state1 }
        set { state1 = newValue }
    }
    /// ATR: Wilder-smoothed average true range (a running sum while warming up).
    var averageTrueRange: Double {
        get { state0 }
        set { state0 = newValue }
    }
    /// PositionTarget: the target held until the signal changes.
    var heldTarget: Double {
        get { state0 }
        set { state0 = newValue }
    }
}
