extension PlainParamTable {
    /// Checks, defaults and writes the canonical params object of a plain node in one merge walk
    /// over the written keys and the table's, both in canonical order.
    ///
    /// - Parameters:
    ///   - params: the params as written.
    ///   - out: receives `{…}`.
    ///   - filled: set to the normalised values once a default had to be filled in; stays `nil`
    ///     while the written params are already the normalised ones.
    /// - Returns: `false` for anything the general path must decide: an undeclared or excluded
    ///   key, a missing required parameter, a value it would reject or rewrite.
    func write(_ params: JSONObject, into out: inout FixedByteBuffer, filled: inout [JSONValue]?) -> Bool {
        entries.withUnsafeBufferPointer { entries in
            bytes.withUnsafeBufferPointer { bytes in
                allowed.withUnsafeBufferPointer { allowed in
                    params.keys.withUnsafeBufferPointer { keys in
                        params.values.withUnsafeBufferPointer { values in
                            let walk = Walk(entries: entries, bytes: bytes, allowed: allowed, keys: keys, values: values)
                            return walk.run(defaults: defaults, into: &out, filled: &filled)
                        }
                    }
                }
            }
        }
    }

    /// The merge walk over borrowed buffers.
    private struct Walk {
        let entries: UnsafeBufferPointer<Entry>
        let bytes: UnsafeBufferPointer<UInt8>
        let allowed: UnsafeBufferPointer<AllowedValue>
        let keys: UnsafeBufferPointer<String>
        let values: UnsafeBufferPointer<JSONValue>

        @inline(__always)
        func slice(_ s: Span) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: bytes[Int(s.start)..<Int(s.start) + Int(s.count)])
        }

        @inline(__always)
        func append(_ s: Span, to out: inout FixedByteBuffer) {
            out.append(bytes: UnsafeRawBufferPointer(slice(s)))
        }

        func run(defaults: [JSONValue?], into out: inout FixedByteBuffer, filled: inout [JSONValue]?) -> Bool {
            var w = 0
            out.append(UInt8(ascii: "{"))
            for j in 0..<entries.count {
                let e = entries[j]
                if j > 0 { out.append(UInt8(ascii: ",")) }
                if w < keys.count {
                    let order = NodeRegistry.compare(keys[w], slice(e.name))
                    if order < 0 { return false }  // an undeclared (or excluded) key
                    if order == 0 {
                        guard write(values[w], e, into: &out) else { return false }
                        filled?.append(values[w])
                        w += 1
                        continue
                    }
                }
                guard e.keyAndDefault.exists, let value = defaults[j] else { return false }
                if filled == nil {
                    var f: [JSONValue] = []
                    f.reserveCapacity(entries.count)
                    f.append(contentsOf: values[0..<w])
                    filled = f
                }
                filled!.append(value)
                append(e.keyAndDefault, to: &out)
            }
            guard w == keys.count else { return false }  // undeclared keys after the last declared one
            out.append(UInt8(ascii: "}"))
            return true
        }

        /// Writes `"key":value` when the general path would accept `value` unchanged.
        @inline(__always)
        func write(_ value: JSONValue, _ e: Entry, into out: inout FixedByteBuffer) -> Bool {
            switch value {
            case .null:
                guard e.nullable else { return false }
                append(e.key, to: &out)
                out.append("null" as StaticString)
            case .bool(let b):
                guard e.check == .boolean else { return false }
                append(e.key, to: &out)
                out.append(b ? "true" as StaticString : "false")
            case .number(let x):
                switch e.check {
                case .number:
                    guard e.lower <= x && x <= e.upper && x.isFinite else { return false }
                case .integer:
                    guard ParamSpec.isSafeWholeNumber(x) && x >= e.lower && x <= e.upper else { return false }
                default: return false
                }
                append(e.key, to: &out)
                do { try ECMAScriptNumber.write(x, to: &out) } catch { return false }
            case .string(let s):
                switch e.check {
                case .string:
                    append(e.key, to: &out)
                    JCS.writeString(s, to: &out)
                case .enumeration:
                    guard let a = allowedValue(s, e.allowed) else { return false }
                    append(e.key, to: &out)
                    append(a.canonical, to: &out)
                default: return false
                }
            case .array, .object:
                return false
            }
            return true
        }

        /// The allowed value whose bytes equal `s` (the general path's `String` equality
        /// also accepts canonically equivalent spellings; those take the general path).
        @inline(__always)
        func allowedValue(_ s: String, _ range: Range<Int32>) -> AllowedValue? {
            for i in range {
                let a = allowed[Int(i)]
                if NodeRegistry.compare(s, slice(a.text)) == 0 { return a }
            }
            return nil
        }
    }
}
