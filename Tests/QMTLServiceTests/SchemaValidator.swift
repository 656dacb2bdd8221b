import QMTLCore

/// The JSON Schema subset `/openapi.json` uses (type, properties, required,
/// additionalProperties, items, minItems, maxItems, enum, anyOf, `$ref` into
/// `components.schemas`), to check real responses against the document.
struct SchemaValidator {
    let schemas: [String: JSONValue]

    /// Where `value` breaks `schema`, as `path: reason` lines; empty when it conforms.
    func errors(_ value: JSONValue, _ schema: JSONValue, at path: String = "$") -> [String] {
        guard let s = schema.objectValue else { return ["\(path): the schema is not an object"] }
        if let ref = s["$ref"]?.stringValue {
            let name = String(ref.split(separator: "/").last ?? "")
            guard let target = schemas[name] else { return ["\(path): unknown $ref \(ref)"] }
            return errors(value, target, at: path)
        }
        if let options = s["anyOf"]?.arrayValue {
            return options.contains { errors(value, $0, at: path).isEmpty } ? [] : ["\(path): matches none of anyOf"]
        }
        if let allowed = s["enum"]?.arrayValue, !allowed.contains(value) { return ["\(path): \(value) is not one of \(allowed)"] }
        if let type = s["type"] {
            let types = type.arrayValue?.compactMap(\.stringValue) ?? [type.stringValue ?? ""]
            guard types.contains(where: { Self.matches(value, $0) }) else {
                return ["\(path): expected \(types.joined(separator: "|")), got \(value)"]
            }
        }
        var out: [String] = []
        if case .object(let o) = value {
            let properties = s["properties"]?.objectValue
            for name in s["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where o[name] == nil {
                out.append("\(path).\(name): required but missing")
            }
            for (k, v) in zip(o.keys, o.values) {
                if let p = properties?[k] {
                    out += errors(v, p, at: "\(path).\(k)")
                } else if let extra = s["additionalProperties"] {
                    if extra == .bool(false) {
                        out.append("\(path).\(k): not in the schema")
                    } else if extra.objectValue != nil {
                        out += errors(v, extra, at: "\(path).\(k)")
                    }
                }
            }
        }
        if case .array(let items) = value {
            if let min = s["minItems"]?.numberValue, Double(items.count) < min { out.append("\(path): fewer than \(Int(min)) items") }
            if let max = s["maxItems"]?.numberValue, Double(items.count) > max { out.append("\(path): more than \(Int(max)) items") }
            if let itemSchema = s["items"] {
                for (i, item) in items.enumerated() { out += errors(item, itemSchema, at: "\(path)[\(i)]") }
            }
        }
        return out
    }

    static func matches(_ value: JSONValue, _ type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null): true
        case ("number", .number): true
        case ("integer", .number(let x)): x == x.rounded()
        default: false
        }
    }
}
