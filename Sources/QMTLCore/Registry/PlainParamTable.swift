/// The parameters of a plain node type (see ``NodeTypeSpec/isPlain``) laid out for the
/// one-pass canonicaliser: checks as plain values in one array, every byte string (names,
/// canonical `"name":` prefixes, `"name":default` texts, canonical enum values) in one buffer.
/// The hot loop then borrows two buffers per node instead of retaining and releasing a
/// `ParamSpec`, its name bytes and its key bytes per parameter.
struct PlainParamTable: Sendable {
    /// A range of ``bytes``.
    struct Span {
        var start: Int32
        var count: Int32

        static let none = Span(start: 0, count: -1)
        var exists: Bool { count >= 0 }
    }

    /// The value check of one parameter.
    enum Check: UInt8 {
        case integer, number, boolean, string, enumeration
    }

    /// One parameter, in canonical key order. Trivial: copying it touches no reference count.
    struct Entry {
        var name: Span
        /// `"name":`.
        var key: Span
        /// `"name":<default>`, or ``Span/none`` for a required parameter.
        var keyAndDefault: Span
        var check: Check
        var nullable: Bool
        /// Inclusive bounds of `integer` and `number` parameters.
        var lower: Double
        var upper: Double
        /// For `enumeration`: the allowed values in ``PlainParamTable/allowed``.
        var allowed: Range<Int32>
    }

    /// One allowed value of an enumeration: its UTF-8 bytes and its canonical JSON string.
    struct AllowedValue {
        var text: Span
        var canonical: Span
    }

    let entries: [Entry]
    let allowed: [AllowedValue]
    let bytes: [UInt8]
    /// Default values by entry (`nil` for required parameters), for the normalised object.
    let defaults: [JSONValue?]

    /// The table of `sorted` (canonical key order), or `nil` unless every parameter is an
    /// integer, number, boolean, string or enumeration whose default (if any) has a canonical
    /// form: the types whose valid values ``ParamSpec/normalise(_:nodeType:)`` returns unchanged.
    init?(_ sorted: [ParamSpec]) {
        var entries: [Entry] = []
        var allowed: [AllowedValue] = []
        var bytes: [UInt8] = []
        func span(_ b: [UInt8]) -> Span {
            defer { bytes.append(contentsOf: b) }
            return Span(start: Int32(bytes.count), count: Int32(b.count))
        }
        for p in sorted {
            var keyAndDefault = Span.none
            if let value = p.defaultValue {
                guard let text = try? JCS.bytes(value) else { return nil }
                keyAndDefault = span(p.canonicalKey + text)
            }
            var entry = Entry(
                name: span(p.nameBytes), key: span(p.canonicalKey), keyAndDefault: keyAndDefault,
                check: .string, nullable: p.nullable, lower: 0, upper: 0, allowed: 0..<0)
            switch p.type {
            case .integer(let r): (entry.check, entry.lower, entry.upper) = (.integer, Double(r.lowerBound), Double(r.upperBound))
            case .number(let r): (entry.check, entry.lower, entry.upper) = (.number, r.lowerBound, r.upperBound)
            case .boolean: entry.check = .boolean
            case .string: entry.check = .string
            case .enumeration(let values):
                entry.check = .enumeration
                let first = Int32(allowed.count)
                for v in values {
                    var canonical: [UInt8] = []
                    JCS.appendString(v, to: &canonical)
                    allowed.append(AllowedValue(text: span(Array(v.utf8)), canonical: span(canonical)))
                }
                entry.allowed = first..<Int32(allowed.count)
            case .interval, .artifact, .any: return nil
            }
            entries.append(entry)
        }
        self.entries = entries
        self.allowed = allowed
        self.bytes = bytes
        self.defaults = sorted.map(\.defaultValue)
    }
}
