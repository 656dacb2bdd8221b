/// A 1-based line and column in a source file (columns count Unicode scalars).
public struct SourcePosition: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}

/// A parsed JSON or YAML document that remembers where each value and key was written, so that
/// strategy files and policies can report errors as `file:line:column: message`.
public struct SourceNode: Sendable {
    /// The value of a node; containers hold positioned children.
    public enum Value: Sendable {
        case null
        case bool(Bool)
        case number(Double)
        case string(String)
        case array([SourceNode])
        case object([Member])
    }

    /// One `key: value` member of an object, in document order.
    public struct Member: Sendable {
        public var key: String
        public var keyPosition: SourcePosition
        public var value: SourceNode
    }

    public var value: Value
    public var position: SourcePosition

    public init(_ value: Value, at position: SourcePosition) {
        self.value = value
        self.position = position
    }

    /// The plain JSON value (positions dropped). Parsers have already rejected repeated keys.
    public var json: JSONValue {
        switch value {
        case .null: .null
        case .bool(let b): .bool(b)
        case .number(let x): .number(x)
        case .string(let s): .string(s)
        case .array(let a): .array(a.map(\.json))
        case .object(let members):
            .object((try? JSONObject(members: members.map { ($0.key, $0.value.json) })) ?? JSONObject())
        }
    }

    /// Object members, or `nil` if this is not an object.
    public var members: [Member]? {
        if case .object(let m) = value { return m }
        return nil
    }

    /// The member named `key` of an object.
    public subscript(key: String) -> SourceNode? {
        members?.first { JCS.keysEqual($0.key, key) }?.value
    }

    /// The name of this value's type, for error messages.
    public var typeName: String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "list"
        case .object: "mapping"
        }
    }
}
