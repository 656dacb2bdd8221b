/// A JSON value of our own, the input of RFC 8785 canonicalisation (R-ID-2).
///
/// Numbers are IEEE-754 doubles (`1.0` and `1` are the same value). Objects keep their members
/// sorted by UTF-16 code units, so two objects with the same members are equal whatever order
/// they were written in. (No `nil` literal: `.null` is explicit, so `x[key] != nil` stays unambiguous.) Keys are compared code unit by code unit, never after Unicode
/// normalisation: `"Å"` and `"A\u{030A}"` are different keys, as in RFC 8785.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// An integer value.
    /// - Throws: ``QMTLError`` `E_JSON_INTEGER_RANGE` beyond ±2^53, where doubles lose integers.
    public static func integer(_ value: Int) throws -> JSONValue {
        guard value.magnitude <= JCS.maxSafeInteger else {
            throw QMTLError(.jsonIntegerRange, "integer \(value) is beyond ±2^53 and cannot be represented exactly")
        }
        return .number(Double(value))
    }

    /// The object's members, or `nil` if this is not an object.
    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The string, or `nil` if this is not a string.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The number, or `nil` if this is not a number.
    public var numberValue: Double? {
        if case .number(let n) = self { return n }
        return nil
    }

    /// The elements, or `nil` if this is not an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The name of this value's JSON type, for error messages.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByFloatLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        var object = JSONObject()
        for (k, v) in elements { object[k] = v }
        self = .object(object)
    }
}
