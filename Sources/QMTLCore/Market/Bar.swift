/// One OHLCV bar; `ts` is the bar's open time in epoch seconds (UTC).
public struct Bar: Sendable, Hashable {
    public var ts: Int64
    public var open: Double
    public var high: Double
    public var low: Double
    public var close: Double
    public var volume: Double

    public init(ts: Int64, open: Double, high: Double, low: Double, close: Double, volume: Double) {
        self.ts = ts
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
    }
}
