/// The one error type of QMTL: a stable ``Code`` (`E_…`), a human ``message`` and optional
/// ``details``. New codes never break the API.
///
/// Each surface renders it once: HTTP as the code's ``Code/httpStatus`` plus
/// `{"error":{"code","message","details"}}`, the CLI as a one-line message and the code's
/// ``Code/exitCode``. Messages never contain secrets. Every code is declared once in the
/// catalogue (`QMTLError.Code+*.swift`) and documented in `docs/errors.md`.
public struct QMTLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The stable code, e.g. ``Code/illegalTransition``.
    public var code: Code
    /// One human sentence; for file input it starts with `file:line:column:`.
    public var message: String
    /// Structured context (paths, positions, allowed values).
    public var details: [String: String]

    /// Creates an error.
    /// - Parameters:
    ///   - code: the stable code from the catalogue.
    ///   - message: one human sentence.
    ///   - details: structured context.
    public init(_ code: Code, _ message: String, details: [String: String] = [:]) {
        self.code = code
        self.message = message
        self.details = details
    }

    public var description: String { "\(code): \(message)" }
}

extension QMTLError {
    /// `E_ILLEGAL_TRANSITION` naming from, to and the allowed targets (R-WVG-1, R-RUN-1, R-GOV-8).
    /// - Parameters:
    ///   - subject: what moves, e.g. "a run", "an apply".
    ///   - from: the state it is in.
    ///   - to: the state asked for.
    ///   - allowed: the states it may move to from `from`.
    ///   - endWord: how to describe a state with no way out, e.g. "terminal".
    public static func illegalTransition(_ subject: String, from: String, to: String, allowed: [String], endWord: String) -> QMTLError {
        QMTLError(
            .illegalTransition,
            "\(subject) cannot move from \(from) to \(to); allowed: \(allowed.isEmpty ? "none (\(endWord))" : allowed.joined(separator: ", "))",
            details: ["from": from, "to": to, "allowed": allowed.joined(separator: ",")])
    }
}
