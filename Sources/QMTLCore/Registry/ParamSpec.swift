/// The declared type, range and default of one node parameter. Immutable; a class so that
/// walking a type's parameters costs one reference count each.
public final class ParamSpec: Sendable {
    /// The value type of a parameter.
    public enum ValueType: Sendable, Equatable {
        /// A whole number in the range (written `10` or `10.0`).
        case integer(ClosedRange<Int>)
        /// Any finite number in the range.
        case number(ClosedRange<Double>)
        case boolean
        case string
        /// One of the registry's values only (R-ID-4).
        case enumeration([String])
        /// Bar interval in seconds: an integer, or a duration such as `1d` or `15m`.
        case interval
        /// A file, written `{"file": "path"}` or `{"artifact": "blake3:…"}`; hashed by content.
        case artifact
        /// Any JSON value (user nodes).
        case any
    }

    public let name: String
    public let type: ValueType
    /// `nil` for a required parameter; otherwise filled in when omitted (so writing the default
    /// or omitting it gives the same NodeID).
    public let defaultValue: JSONValue?
    /// Whether `null` is accepted (and may be the default).
    public let nullable: Bool
    /// One line for `qmtl graph` help and errors.
    public let summary: String

    public init(_ name: String, _ type: ValueType, default defaultValue: JSONValue? = nil, nullable: Bool = false, summary: String = "") {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.nullable = nullable
        self.summary = summary
        self.nameBytes = Array(name.utf8)
        var prefix: [UInt8] = []
        JCS.appendString(name, to: &prefix)
        prefix.append(UInt8(ascii: ":"))
        self.canonicalKey = prefix
    }

    /// `"<name>":` in canonical form, written as is by the NodeID encoder.
    let canonicalKey: [UInt8]

    /// UTF-8 of ``name``, for allocation-free comparisons with written keys.
    let nameBytes: [UInt8]

    /// Checks and normalises a value written for this parameter.
    /// - Returns: the canonical value (integers as integral numbers, intervals in seconds).
    /// - Throws: ``QMTLError`` `E_PARAM_TYPE`, `E_PARAM_RANGE` or `E_PARAM_ENUM` naming the parameter.
    func normalise(_ value: JSONValue, nodeType: String) throws -> JSONValue {
        var what: String { "parameter \(name) of \(nodeType)" }  // only built for errors
        if case .null = value {
            guard nullable else { throw QMTLError(.paramType, "\(what) must not be null") }
            return .null
        }
        switch type {
        case .any:
            return value
        case .boolean:
            guard case .bool = value else { throw typeError(what, "a boolean", value) }
            return value
        case .string:
            guard case .string = value else { throw typeError(what, "a string", value) }
            return value
        case .enumeration(let allowed):
            guard case .string(let s) = value else { throw typeError(what, "one of \(allowed.joined(separator: ", "))", value) }
            guard allowed.contains(s) else {
                throw QMTLError(
                    .paramEnum, "\(what) must be one of \(allowed.joined(separator: ", ")), got \"\(s)\"" + DidYouMean.suffix(s, allowed),
                    details: ["param": name, "allowed": allowed.joined(separator: ",")])
            }
            return value
        case .number(let range):
            guard case .number(let x) = value else { throw typeError(what, "a number", value) }
            guard range.contains(x) else {
                throw QMTLError(.paramRange, "\(what) must be in \(fmt(range.lowerBound))…\(fmt(range.upperBound)), got \(fmt(x))")
            }
            return value
        case .integer(let range):
            guard case .number(let x) = value, Self.isSafeWholeNumber(x) else {
                throw typeError(what, "a whole number", value)
            }
            guard x >= Double(range.lowerBound) && x <= Double(range.upperBound) else {
                throw QMTLError(.paramRange, "\(what) must be in \(range.lowerBound)…\(range.upperBound), got \(fmt(x))")
            }
            return value
        case .interval:
            let seconds: Int
            switch value {
            case .number(let x) where x.rounded() == x && x > 0 && x <= 31_622_400: seconds = Int(x)
            case .string(let s):
                guard let d = DurationText.seconds(s), d > 0 else {
                    throw QMTLError(.paramType, "\(what) must be seconds or a duration like 1d, 4h, 15m; got \"\(s)\"")
                }
                seconds = d
            default: throw typeError(what, "a positive whole number of seconds or a duration like 1d", value)
            }
            return .number(Double(seconds))
        case .artifact:
            // `{"file": …}` has already been replaced by `{"artifact": …}` and checked.
            guard case .object(let o) = value, o.count == 1, o["artifact"]?.stringValue != nil else {
                throw QMTLError(.paramType, "\(what) must be {\"file\": path} or {\"artifact\": \"blake3:…\"}")
            }
            return value
        }
    }

    /// Whether `x` is a whole number that a double holds exactly (|x| ≤ 2^53): what an
    /// `integer` parameter accepts before its range is checked.
    @inline(__always)
    static func isSafeWholeNumber(_ x: Double) -> Bool {
        x.rounded() == x && x.magnitude <= Double(JCS.maxSafeInteger)
    }

    private func typeError(_ what: String, _ expected: String, _ got: JSONValue) -> QMTLError {
        QMTLError(.paramType, "\(what) must be \(expected), got \(got.typeName) \(Self.show(got))", details: ["param": name])
    }

    private func fmt(_ x: Double) -> String { (try? ECMAScriptNumber.format(x)) ?? "\(x)" }

    static func show(_ v: JSONValue) -> String {
        let text = (try? JCS.string(v)) ?? "?"
        return text.count > 40 ? String(text.prefix(40)) + "…" : text
    }
}
