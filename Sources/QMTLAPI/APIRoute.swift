/// One HTTP route of the WorldService: method, path template and the role it needs. The server
/// mounts a handler for each and the client builds its requests from the same values, so the
/// two cannot disagree on a path; `/openapi.json` and the RBAC test read this table too.
public struct APIRoute: Sendable, Hashable, CustomStringConvertible {
    /// An HTTP method.
    public enum Method: String, Sendable, Hashable, CaseIterable {
        case get = "GET"
        case post = "POST"
        case put = "PUT"
        case delete = "DELETE"
    }

    /// A query parameter of a route.
    public struct Query: Sendable, Hashable {
        /// Its name, e.g. `strategy_id`.
        public let name: String
        /// Whether a request without it is refused (`E_BAD_QUERY`).
        public let required: Bool
        /// What it means, for the OpenAPI document.
        public let summary: String
    }

    /// The HTTP method.
    public let method: Method
    /// The path with `{name}` placeholders, e.g. `/worlds/{world}/decide`.
    public let path: String
    /// The least role allowed; nil for routes anyone may call (health, metrics, the document).
    public let role: Role?
    /// The operation's name: the `WorldServiceAPI` method it serves.
    public let operation: String
    /// One line for the OpenAPI document.
    public let summary: String
    /// The status of a successful response.
    public let status: Int
    /// The schema name of the JSON body, if the route takes one.
    public let body: String?
    /// The schema name of the successful response.
    public let response: String
    /// The query parameters.
    public let query: [Query]

    init(
        _ method: Method, _ path: String, _ role: Role?, _ operation: String, _ summary: String, status: Int = 200, body: String? = nil,
        response: String, query: [Query] = []
    ) {
        self.method = method
        self.path = path
        self.role = role
        self.operation = operation
        self.summary = summary
        self.status = status
        self.body = body
        self.response = response
        self.query = query
        self.parameters = path.split(separator: "/").compactMap { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? String(segment.dropFirst().dropLast()) : nil
        }
    }

    /// Routes are one per method and path: equality and hashing look at those only (the server
    /// hashes the route of every request).
    public static func == (a: APIRoute, b: APIRoute) -> Bool { a.method == b.method && a.path == b.path }

    /// Hashes the method and the path.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(method)
        hasher.combine(path)
    }

    /// Whether the route changes state: checked for a role, takes an `Idempotency-Key`.
    public var isMutating: Bool { method != .get && !Self.readOnlyPosts.contains(operation) }

    /// The names of the path's placeholders, in order.
    public let parameters: [String]

    /// The path with its placeholders replaced by `values` (percent-encoded as a path segment).
    /// - Precondition: `values` names every placeholder.
    public func path(_ values: [String: String]) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { segment -> String in
            guard segment.hasPrefix("{") && segment.hasSuffix("}") else { return String(segment) }
            let name = String(segment.dropFirst().dropLast())
            guard let value = values[name] else { preconditionFailure("\(self) needs \(name)") }
            return Self.encodeSegment(value)
        }.joined(separator: "/")
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters and `:` (ids keep their
    /// readable `world:x` and `blake3:…` forms).
    public static func encodeSegment(_ value: String) -> String {
        var out = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: ":"):
                out.append(Character(UnicodeScalar(byte)))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    public var description: String { "\(method.rawValue) \(path)" }

    /// POST routes that change nothing (a body too large for a query string).
    static let readOnlyPosts: Set<String> = ["policyWhatIf", "campaignTick"]
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
