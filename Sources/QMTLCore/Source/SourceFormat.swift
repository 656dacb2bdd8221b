/// The two document formats of strategy files and policies.
public enum SourceFormat: String, Sendable {
    case json
    case yaml

    /// The format implied by a file name: `.json` is JSON, anything else YAML.
    public init(fileName: String) {
        self = fileName.lowercased().hasSuffix(".json") ? .json : .yaml
    }
}

/// Parses JSON and YAML documents into ``SourceNode`` trees with positions.
public enum SourceParser {
    /// Parses `text` as `format`.
    /// - Parameters:
    ///   - text: the document.
    ///   - format: JSON or YAML.
    ///   - fileName: used as the prefix of error messages (`file:line:column: …`).
    /// - Throws: ``QMTLError`` `E_PARSE` with the position of the first problem.
    public static func parse(_ text: String, format: SourceFormat, fileName: String) throws -> SourceNode {
        switch format {
        case .json: try JSONParser.parse(Array(text.utf8), fileName: fileName)
        case .yaml: try YAMLReader.parse(text, fileName: fileName)
        }
    }

    /// An `E_PARSE`-style error located at `position` of `fileName`.
    public static func error(
        _ code: QMTLError.Code, _ message: String, fileName: String, at position: SourcePosition
    ) -> QMTLError {
        QMTLError(
            code, "\(fileName):\(position.line):\(position.column): \(message)",
            details: ["file": fileName, "line": String(position.line), "column": String(position.column)]
        )
    }
}
