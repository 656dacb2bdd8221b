import QMTLCore

/// A type whose JSON Schema is given rather than inferred (its decoding checks values that a
/// dry run cannot supply, or it is not an object).
public protocol SchemaProviding {
    /// The JSON Schema of the type's wire form.
    static var jsonSchema: JSONValue { get }
}

/// Infers the JSON Schema of a `Decodable` type by running its `init(from:)` against a decoder
/// that answers every request with a placeholder and records what was asked: which keys, of
/// which types, required (`decode`) or optional (`decodeIfPresent`). The schema of the wire
/// types is therefore read from the code that decodes them and cannot drift from it.
public enum SchemaInference {
    /// The schema of `type`.
    /// - Throws: when the type's decoding refuses every placeholder (give it ``SchemaProviding``).
    public static func schema<T: Decodable>(of type: T.Type) throws -> JSONValue {
        try infer(type).schema
    }

    static func infer<T: Decodable>(_ type: T.Type) throws -> (schema: JSONValue, value: T) {
        if let p = T.self as? any SchemaProviding.Type, let value = Placeholder.value(of: T.self) {
            return (p.jsonSchema, value)
        }
        if let leaf = Placeholder.leaf(T.self) { return leaf }
        let recorder = Recorder()
        let value = try T(from: InferringDecoder(recorder: recorder, codingPath: []))
        return (recorder.schema, value)
    }

    /// What one `init(from:)` asked for. Nested containers are recorders of their own, read
    /// when the schema is built (after the decoding filled them).
    final class Recorder {
        enum Node {
            case schema(JSONValue)
            case nested(Recorder, array: Bool)

            var schema: JSONValue {
                switch self {
                case .schema(let s): s
                case .nested(let r, let array): array ? ["type": "array", "items": r.items?.schema ?? [:]] : r.schema
                }
            }
        }

        var properties: [(String, Node)] = []
        var required: [String] = []
        var single: JSONValue?
        var items: Node?

        func property(_ key: String, _ node: Node, required isRequired: Bool) {
            if let i = properties.firstIndex(where: { $0.0 == key }) {
                properties[i].1 = node
            } else {
                properties.append((key, node))
            }
            if isRequired && !required.contains(key) { required.append(key) }
        }

        var schema: JSONValue {
            if let single { return single }
            if let items { return ["type": "array", "items": items.schema] }
            var props = JSONObject()
            for (k, v) in properties { props[k] = required.contains(k) ? v.schema : ["anyOf": [v.schema, ["type": "null"]]] }
            return ["type": "object", "properties": .object(props), "required": .array(required.map { .string($0) }), "additionalProperties": false]
        }
    }

    struct InferringDecoder: Decoder {
        let recorder: Recorder
        var codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
            KeyedDecodingContainer(Keyed<Key>(recorder: recorder, codingPath: codingPath))
        }

        func unkeyedContainer() throws -> any UnkeyedDecodingContainer { Unkeyed(recorder: recorder, codingPath: codingPath) }
        func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(recorder: recorder, codingPath: codingPath) }
    }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let recorder: Recorder
        var codingPath: [any CodingKey]
        var allKeys: [Key] { [] }

        func contains(_ key: Key) -> Bool { true }
        func decodeNil(forKey key: Key) throws -> Bool { false }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            let (schema, value) = try SchemaInference.infer(type)
            recorder.property(key.stringValue, .schema(schema), required: true)
            return value
        }

        func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? { try optional(type, key) }

        // The standard library's defaults for these call `decode`, which would record them as required.
        func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try optional(type, key) }
        func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try optional(type, key) }
        func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try optional(type, key) }
        func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try optional(type, key) }
        func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try optional(type, key) }
        func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try optional(type, key) }
        func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try optional(type, key) }
        func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try optional(type, key) }
        func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try optional(type, key) }
        func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try optional(type, key) }
        func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try optional(type, key) }
        func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try optional(type, key) }
        func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try optional(type, key) }
        func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try optional(type, key) }

        func optional<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T? {
            let (schema, _) = try SchemaInference.infer(type)
            if !recorder.required.contains(key.stringValue) { recorder.property(key.stringValue, .schema(schema), required: false) }
            return nil
        }

        func nestedContainer<N: CodingKey>(keyedBy type: N.Type, forKey key: Key) throws -> KeyedDecodingContainer<N> {
            let inner = Recorder()
            recorder.property(key.stringValue, .nested(inner, array: false), required: true)
            return KeyedDecodingContainer(Keyed<N>(recorder: inner, codingPath: codingPath + [key]))
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            let inner = Recorder()
            recorder.property(key.stringValue, .nested(inner, array: true), required: true)
            return Unkeyed(recorder: inner, codingPath: codingPath + [key])
        }

        func superDecoder() throws -> any Decoder { InferringDecoder(recorder: recorder, codingPath: codingPath) }
        func superDecoder(forKey key: Key) throws -> any Decoder { InferringDecoder(recorder: recorder, codingPath: codingPath) }
    }

    /// Yields one element, then ends: the element's schema is the array's `items`.
    final class Unkeyed: UnkeyedDecodingContainer {
        let recorder: Recorder
        var codingPath: [any CodingKey]
        var count: Int? { nil }
        var currentIndex = 0
        var isAtEnd: Bool { currentIndex > 0 }

        init(recorder: Recorder, codingPath: [any CodingKey]) {
            self.recorder = recorder
            self.codingPath = codingPath
        }

        func decodeNil() throws -> Bool { false }

        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            let (schema, value) = try SchemaInference.infer(type)
            if recorder.items == nil { recorder.items = .schema(schema) }
            currentIndex += 1
            return value
        }

        func nestedContainer<N: CodingKey>(keyedBy type: N.Type) throws -> KeyedDecodingContainer<N> {
            let inner = Recorder()
            recorder.items = .nested(inner, array: false)
            currentIndex += 1
            return KeyedDecodingContainer(Keyed<N>(recorder: inner, codingPath: codingPath))
        }

        func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            let inner = Recorder()
            recorder.items = .nested(inner, array: true)
            currentIndex += 1
            return Unkeyed(recorder: inner, codingPath: codingPath)
        }

        func superDecoder() throws -> any Decoder { InferringDecoder(recorder: recorder, codingPath: codingPath) }
    }

    struct Single: SingleValueDecodingContainer {
        let recorder: Recorder
        var codingPath: [any CodingKey]

        func decodeNil() -> Bool { false }

        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            let (schema, value) = try SchemaInference.infer(type)
            recorder.single = schema
            return value
        }
    }

    /// Placeholders for leaf types, and their schemas.
    enum Placeholder {
        static func leaf<T>(_ type: T.Type) -> (schema: JSONValue, value: T)? {
            switch type {
            case is String.Type: return (["type": "string"], "" as! T)
            case is Bool.Type: return (["type": "boolean"], false as! T)
            case is Int.Type: return (["type": "integer"], 0 as! T)
            case is Int64.Type: return (["type": "integer"], Int64(0) as! T)
            case is Int32.Type: return (["type": "integer"], Int32(0) as! T)
            case is Double.Type: return (["type": "number"], 0.0 as! T)
            case is JSONValue.Type: return ([:], JSONValue.null as! T)
            default: break
            }
            if let e = type as? any (CaseIterable & RawRepresentable).Type, let (values, first) = enumCases(e) {
                return (["type": "string", "enum": .array(values.map { .string($0) })], first as! T)
            }
            if let d = type as? any StringKeyedMap.Type, let (schema, value) = try? d.inferMap() {
                return (schema, value as! T)
            }
            return nil
        }

        static func enumCases<E: CaseIterable & RawRepresentable>(_ type: E.Type) -> ([String], E)? {
            let cases = Array(type.allCases)
            guard let first = cases.first, first.rawValue is String else { return nil }
            return (cases.map { $0.rawValue as! String }, first)
        }

        /// A value for a type with a given schema: its first case, an empty map, or what its
        /// placeholder conformance says.
        static func value<T>(of type: T.Type) -> T? {
            (type as? any PlaceholderProviding.Type)?.placeholder as? T
        }
    }
}

/// A value to stand for the type while a containing type's schema is inferred.
public protocol PlaceholderProviding {
    /// Any valid value.
    static var placeholder: Self { get }
}

/// `[String: V]`: an object whose every value has V's schema.
protocol StringKeyedMap {
    static func inferMap() throws -> (JSONValue, Any)
}

extension Dictionary: StringKeyedMap where Key == String, Value: Decodable {
    static func inferMap() throws -> (JSONValue, Any) {
        (["type": "object", "additionalProperties": try SchemaInference.infer(Value.self).schema], [String: Value]())
    }
}
