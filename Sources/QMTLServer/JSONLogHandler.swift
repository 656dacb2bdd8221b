import Foundation
import Logging
import QMTLCore

/// Structured logs: one JSON object per line on standard error
/// (`{"ts","level","label","message",…metadata}`), keys sorted, for log collectors.
public struct JSONLogHandler: LogHandler {
    /// Fields added to every line.
    public var metadata: Logger.Metadata = [:]
    /// The least level written.
    public var logLevel: Logger.Level = .info
    let label: String
    let now: @Sendable () -> Date

    /// A handler for `label`.
    public init(label: String, now: @escaping @Sendable () -> Date = { Date() }) {
        self.label = label
        self.now = now
    }

    /// One metadata field.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes one line.
    public func log(event: LogEvent) {
        FileHandle.standardError.write(Data((line(event) + "\n").utf8))
    }

    /// The JSON line of one event.
    func line(_ event: LogEvent) -> String {
        var fields = JSONObject()
        for (k, v) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { _, new in new }) { fields[k] = .string("\(v)") }
        let t = now().timeIntervalSince1970
        fields["ts"] = .string(UTCTimestamp.format(Int64(t.rounded(.down))))
        fields["level"] = .string(event.level.rawValue)
        fields["label"] = .string(label)
        fields["message"] = .string("\(event.message)")
        return (try? JCS.string(.object(fields))) ?? "{\"message\":\"unencodable log line\"}"
    }
}
