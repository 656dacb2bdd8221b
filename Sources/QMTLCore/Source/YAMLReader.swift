import Yams

/// Reads YAML (through Yams) into a ``SourceNode`` tree with positions.
///
/// Plain scalars are typed by the YAML 1.2 core schema only: `null`/`~`/empty, `true`/`false`,
/// decimal integers and floats. Everything else, and every quoted scalar, is a string — so
/// `no`, `on` or `2024-01-01` stay strings (no YAML 1.1 surprises). `.inf`/`.nan` are errors,
/// integers beyond ±2^53 are errors, repeated keys are errors, anchors and aliases are rejected.
enum YAMLReader {
    static func parse(_ text: String, fileName: String) throws -> SourceNode {
        // The parser owns the anchors its nodes refer to (weakly): keep it alive while converting,
        // so that an anchored node can be refused (an alias needs an anchor to refer to).
        let parser: Parser
        let root: Node?
        do {
            parser = try Parser(yaml: text)
            root = try parser.singleRoot()
        } catch let error as YamlError {
            throw convert(error, fileName: fileName)
        }
        guard let root else {
            throw SourceParser.error(.parse, "the document is empty", fileName: fileName, at: SourcePosition(line: 1, column: 1))
        }
        return try withExtendedLifetime(parser) { try convert(root, fileName: fileName) }
    }

    static func position(_ mark: Mark?) -> SourcePosition {
        SourcePosition(line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    static func convert(_ error: YamlError, fileName: String) -> QMTLError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let text = [context.map { "\($0.text)" }, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
            return SourceParser.error(.parse, text, fileName: fileName, at: position(mark))
        case .duplicatedKeysInMapping(let duplicates, let context):
            return SourceParser.error(
                .parse, "key \(duplicates.map { "\"\($0)\"" }.joined(separator: ", ")) is repeated in this mapping", fileName: fileName,
                at: position(context.mark))
        default:
            return SourceParser.error(.parse, "\(error)", fileName: fileName, at: SourcePosition(line: 1, column: 1))
        }
    }

    static func convert(_ node: Node, fileName: String) throws -> SourceNode {
        let at = position(node.mark)
        if let anchor = node.anchor {
            throw SourceParser.error(
                .parse, "YAML anchors and aliases are not supported (anchor &\(anchor.rawValue)); write the value out", fileName: fileName,
                at: at)
        }
        switch node {
        case .scalar(let scalar):
            return SourceNode(try scalarValue(scalar, at: at, fileName: fileName), at: at)
        case .sequence(let sequence):
            return SourceNode(.array(try sequence.map { try convert($0, fileName: fileName) }), at: at)
        case .mapping(let mapping):
            var members: [SourceNode.Member] = []
            var seen = Set<[UInt8]>()
            for (key, value) in mapping {
                let keyAt = position(key.mark)
                guard case .scalar(let k) = key else {
                    throw SourceParser.error(.parse, "a key must be a plain string", fileName: fileName, at: keyAt)
                }
                guard seen.insert(Array(k.string.utf8)).inserted else {
                    throw SourceParser.error(.parse, "duplicate key \"\(k.string)\"", fileName: fileName, at: keyAt)
                }
                members.append(.init(key: k.string, keyPosition: keyAt, value: try convert(value, fileName: fileName)))
            }
            return SourceNode(.object(members), at: at)
        case .alias:
            throw SourceParser.error(.parse, "YAML anchors and aliases are not supported", fileName: fileName, at: at)
        }
    }

    static func scalarValue(_ scalar: Node.Scalar, at: SourcePosition, fileName: String) throws -> SourceNode.Value {
        let s = scalar.string
        guard scalar.style == .plain else { return .string(s) }
        switch s {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "-.inf", "+.Inf", "-.Inf", ".nan", ".NaN", ".NAN":
            throw SourceParser.error(.jsonNonFinite, "\(s) is not a finite number", fileName: fileName, at: at)
        default: break
        }
        guard let kind = numberKind(s) else { return .string(s) }
        let x = try NumberText.value(of: s, isInteger: kind == .integer) {
            SourceParser.error($0, $1, fileName: fileName, at: at)
        }
        return .number(x)
    }

    enum NumberKind { case integer, float }

    /// The YAML 1.2 core-schema number grammar (decimal only).
    static func numberKind(_ s: String) -> NumberKind? {
        var u = Substring(s).utf8[...]
        if let f = u.first, f == UInt8(ascii: "-") || f == UInt8(ascii: "+") { u = u.dropFirst() }
        let isDigit: (UInt8) -> Bool = { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        let intDigits = u.prefix(while: isDigit).count
        u = u.dropFirst(intDigits)
        var kind = NumberKind.integer
        var fracDigits = 0
        if u.first == UInt8(ascii: ".") {
            kind = .float
            u = u.dropFirst()
            fracDigits = u.prefix(while: isDigit).count
            u = u.dropFirst(fracDigits)
        }
        guard intDigits + fracDigits > 0 else { return nil }
        if let e = u.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            kind = .float
            u = u.dropFirst()
            if let sign = u.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { u = u.dropFirst() }
            let expDigits = u.prefix(while: isDigit).count
            guard expDigits > 0 else { return nil }
            u = u.dropFirst(expDigits)
        }
        return u.isEmpty ? kind : nil
    }
}
