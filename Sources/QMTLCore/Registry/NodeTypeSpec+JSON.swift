extension NodeTypeSpec {
    /// The type as published by `qmtl graph types --json`: everything another implementation
    /// needs to canonicalise a node of this type by the SPEC §3 rules (R-ID-10) — kind, output
    /// schema, inputs, parameters with their types, defaults and allowed values, the parameter
    /// that declares the interval, the period rule and the code hash.
    public var json: JSONValue {
        var o = JSONObject()
        o["name"] = .string(name)
        o["kind"] = .string(kind.rawValue)
        o["version"] = .number(Double(version))
        o["schema_id"] = .string(output.description)
        o["code_hash"] = .string(codeHash.description)
        o["inputs"] = inputsJSON
        o["params"] = .array(params.map(\.json))
        o["accepts_any_params"] = .bool(acceptsAnyParams)
        o["interval_param"] = intervalParam.map { .string($0) } ?? .null
        o["field_param"] = .bool(hasFieldParam)
        o["period"] = period.json
        o["summary"] = .string(summary)
        return .object(o)
    }

    private var inputsJSON: JSONValue {
        func schemas(_ s: [SchemaID]?) -> JSONValue { s.map { .array($0.map { .string($0.description) }) } ?? .null }
        switch inputs {
        case .none: return ["shape": "none"]
        case .single(let accepts): return ["shape": "single", "accepts": schemas(accepts)]
        case .list(let accepts, let min): return ["shape": "list", "accepts": schemas(accepts), "min": .number(Double(min))]
        case .roles(let roles):
            return ["shape": "roles", "roles": .array(roles.map { ["name": .string($0.name), "accepts": schemas($0.accepts)] })]
        }
    }
}

extension ParamSpec {
    /// `{name, type, default?, nullable, …}` with `min`/`max` for numbers and `values` for enums;
    /// `required` when there is no default.
    public var json: JSONValue {
        var o = JSONObject()
        o["name"] = .string(name)
        switch type {
        case .integer(let r):
            o["type"] = "integer"
            o["min"] = .number(Double(r.lowerBound))
            o["max"] = .number(Double(r.upperBound))
        case .number(let r):
            o["type"] = "number"
            o["min"] = .number(r.lowerBound)
            o["max"] = .number(r.upperBound)
        case .boolean: o["type"] = "boolean"
        case .string: o["type"] = "string"
        case .enumeration(let values):
            o["type"] = "enum"
            o["values"] = .array(values.map { .string($0) })
        case .interval: o["type"] = "interval"
        case .artifact: o["type"] = "artifact"
        case .any: o["type"] = "any"
        }
        o["required"] = .bool(defaultValue == nil)
        if let d = defaultValue { o["default"] = d }
        o["nullable"] = .bool(nullable)
        o["summary"] = .string(summary)
        return .object(o)
    }
}
