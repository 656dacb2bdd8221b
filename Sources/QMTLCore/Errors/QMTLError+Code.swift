extension QMTLError {
    /// A stable error code: its wire form (`E_…`), what kind of failure it is, what it means
    /// and what the user should do.
    ///
    /// Codes exist only as the declared constants (``all``), so a typo does not compile. Two
    /// codes are equal when their wire forms are.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// The wire form, e.g. `E_ILLEGAL_TRANSITION`.
        public let rawValue: String
        /// The kind of failure; it decides the HTTP status and the CLI exit code.
        public let kind: Kind
        /// What went wrong, in one sentence.
        public let meaning: String
        /// What the user should do about it.
        public let remedy: String

        init(_ rawValue: String, _ kind: Kind, _ meaning: String, remedy: String) {
            self.rawValue = rawValue
            self.kind = kind
            self.meaning = meaning
            self.remedy = remedy
        }

        /// The declared code with this wire form, e.g. read back from an HTTP error envelope.
        public init?(rawValue: String) {
            guard let code = Self.byRawValue[rawValue] else { return nil }
            self = code
        }

        /// The HTTP status of a response carrying this code.
        public var httpStatus: Int { kind.httpStatus }
        /// The exit status of a CLI command failing with this code (R-CLI: 1, 2 or 3).
        public var exitCode: Int32 { kind.exitCode }
        public var description: String { rawValue }

        public static func == (a: Self, b: Self) -> Bool { a.rawValue == b.rawValue }
        public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

        /// Every declared code, grouped as in `docs/errors.md`.
        public static let all: [Self] =
            inputGroup + identityGroup + strategyGroup + policyGroup + dataGroup + storeGroup + graphGroup + worldGroup
            + runGroup + decisionGroup + governanceGroup + httpGroup

        private static let byRawValue = Dictionary(all.map { ($0.rawValue, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The kind of a failure, shared by the codes that fail the same way.
    public enum Kind: String, Sendable, CaseIterable {
        /// Malformed input: bad syntax, a malformed id (HTTP 400, exit 1).
        case badRequest
        /// Well-formed input that is not acceptable: unknown names, values out of range (422, exit 1).
        case unprocessable
        /// No valid credentials were presented (401, exit 1).
        case unauthorized
        /// The caller's role may not do this (403, exit 1).
        case forbidden
        /// The thing named does not exist (404, exit 1).
        case notFound
        /// The request conflicts with the current state (409, exit 1).
        case conflict
        /// The request body is larger than the server accepts (413, exit 1).
        case tooLarge
        /// A component is unreachable or busy; retrying later may help (503, exit 3).
        case unavailable
        /// Stored data or the program is wrong, not the request (500, exit 1).
        case `internal`
        /// The command line itself is wrong (400, exit 2).
        case usage

        /// The HTTP status for this kind.
        public var httpStatus: Int {
            switch self {
            case .badRequest, .usage: 400
            case .unprocessable: 422
            case .unauthorized: 401
            case .forbidden: 403
            case .notFound: 404
            case .conflict: 409
            case .tooLarge: 413
            case .unavailable: 503
            case .internal: 500
            }
        }

        /// The CLI exit status for this kind.
        public var exitCode: Int32 {
            switch self {
            case .usage: 2
            case .unavailable: 3
            default: 1
            }
        }
    }
}
