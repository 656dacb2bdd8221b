/// The one error type of QMTL: a stable string ``code`` (`E_…`), a human ``message`` and
/// optional ``details``. New codes never break the API.
///
/// Each surface renders it once: HTTP as a status plus `{"error":{"code","message","details"}}`,
/// the CLI as a one-line message and an exit code. Messages never contain secrets.
public struct QMTLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable machine-readable code, e.g. `E_ILLEGAL_TRANSITION`.
    public var code: String
    /// One human sentence; for file input it starts with `file:line:column:`.
    public var message: String
    /// Structured context (paths, positions, allowed values).
    public var details: [String: String]

    /// Creates an error.
    /// - Parameters:
    ///   - code: the stable `E_…` code.
    ///   - message: one human sentence.
    ///   - details: structured context.
    public init(_ code: String, _ message: String, details: [String: String] = [:]) {
        self.code = code
        self.message = message
        self.details = details
    }

    public var description: String { "\(code): \(message)" }
}
