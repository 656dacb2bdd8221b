/// File and artifact parameters (R-ID-4): never a path, always `{"artifact": "blake3:<hash of the bytes>"}`.
enum Artifacts {
    /// Replaces every `{"file": path}` at any depth by `{"artifact": hash}` and checks every
    /// `{"artifact": …}` is a valid hash.
    static func replace(in object: JSONObject, resolver: ArtifactResolver?) throws -> JSONObject {
        guard let changed = try replace(.object(object), pointer: "/params", resolver: resolver) else { return object }
        guard case .object(let o) = changed else { preconditionFailure("replace keeps the type") }
        return o
    }

    /// `nil` when nothing changed.
    static func replace(_ value: JSONValue, pointer: @autoclosure () -> String, resolver: ArtifactResolver?) throws -> JSONValue? {
        switch value {
        case .object(let o):
            if o.count == 1, let path = o["file"] {
                guard case .string(let p) = path else {
                    throw QMTLError(.artifact, "\(pointer())/file must be a path string")
                }
                guard let resolver else {
                    throw QMTLError(.artifact, "\(pointer()) names the file \(p), but no files can be read here")
                }
                return ["artifact": .string(try resolver(p).description)]
            }
            if o.count == 1, let a = o["artifact"] {
                guard case .string(let text) = a, (try? Hash256(parsing: text)) != nil else {
                    throw QMTLError(.artifact, "\(pointer())/artifact must be blake3:<64 lowercase hex>")
                }
                return nil
            }
            var out: JSONObject?
            for i in 0..<o.count {
                switch o.values[i] {
                case .object, .array:
                    let key = o.keys[i]
                    if let v = try replace(o.values[i], pointer: pointer() + "/" + ExcludedKeys.escape(key), resolver: resolver) {
                        if out == nil { out = o }
                        out![key] = v
                    }
                default: continue
                }
            }
            return out.map { .object($0) }
        case .array(let a):
            var out: [JSONValue]?
            for (i, e) in a.enumerated() {
                if let v = try replace(e, pointer: pointer() + "/\(i)", resolver: resolver) {
                    if out == nil { out = a }
                    out![i] = v
                }
            }
            return out.map { .array($0) }
        default:
            return nil
        }
    }
}
