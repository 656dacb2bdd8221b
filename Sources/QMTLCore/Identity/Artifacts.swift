/// File and artifact parameters (R-ID-4): never a path, always `{"artifact": "blake3:<hash of the bytes>"}`.
enum Artifacts {
    /// Replaces every `{"file": path}` at any depth by `{"artifact": hash}` and checks every
    /// `{"artifact": …}` is a valid hash.
    static func replace(in object: JSONObject, resolver: ArtifactResolver?) throws -> JSONObject {
        guard case .object(let o) = try replace(.object(object), pointer: "/params", resolver: resolver) else {
            preconditionFailure("replace keeps the type")
        }
        return o
    }

    static func replace(_ value: JSONValue, pointer: String, resolver: ArtifactResolver?) throws -> JSONValue {
        switch value {
        case .object(let o):
            if o.count == 1, let path = o["file"] {
                guard case .string(let p) = path else {
                    throw QMTLError("E_ARTIFACT", "\(pointer)/file must be a path string")
                }
                guard let resolver else {
                    throw QMTLError("E_ARTIFACT", "\(pointer) names the file \(p), but no files can be read here")
                }
                return ["artifact": .string(try resolver(p).description)]
            }
            if o.count == 1, let a = o["artifact"] {
                guard case .string(let text) = a, (try? Hash256(parsing: text)) != nil else {
                    throw QMTLError("E_ARTIFACT", "\(pointer)/artifact must be blake3:<64 lowercase hex>")
                }
                return value
            }
            var out = o
            for (k, v) in o {
                out[k] = try replace(v, pointer: pointer + "/" + ExcludedKeys.escape(k), resolver: resolver)
            }
            return .object(out)
        case .array(let a):
            return .array(try a.enumerated().map { try replace($1, pointer: pointer + "/\($0)", resolver: resolver) })
        default:
            return value
        }
    }
}
