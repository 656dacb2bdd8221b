extension QMTLError.Code {
    // MARK: HTTP: Requests to and answers from `qmtl serve` (R-SEC-1, R-SEC-3).

    /// The request has no bearer token, or one the server does not know or has revoked.
    public static let unauthorized = Self(
        "E_UNAUTHORIZED", .unauthorized,
        "The request has no bearer token, or one that is unknown or revoked (R-SEC-1).",
        remedy: "Send `Authorization: Bearer <token>` (`--token` / `QMTL_TOKEN`); an admin creates tokens with `qmtl token create`.")
    /// The request body is larger than the server's limit.
    public static let bodyTooLarge = Self(
        "E_BODY_TOO_LARGE", .tooLarge,
        "The request body is larger than the server's limit.",
        remedy: "Send less at once (e.g. split a dataset), or raise `qmtl serve --max-body-mb`.")
    /// The request body is not the JSON the route takes.
    public static let badBody = Self(
        "E_BAD_BODY", .badRequest,
        "The request body is not the JSON the route takes: malformed, truncated, a field missing or of the wrong type.",
        remedy: "Compare the body with the route's schema in `/openapi.json`; the message names the field.")
    /// A query parameter is missing or malformed.
    public static let badQuery = Self(
        "E_BAD_QUERY", .badRequest,
        "A query parameter is missing or malformed.",
        remedy: "Compare the query with the route's parameters in `/openapi.json`.")
    /// A request header is malformed.
    public static let badHeader = Self(
        "E_BAD_HEADER", .badRequest,
        "A request header is malformed (e.g. an Idempotency-Key that is empty, too long or not visible ASCII).",
        remedy: "Fix the header the details name.")
    /// No route has this method and path.
    public static let routeNotFound = Self(
        "E_ROUTE_NOT_FOUND", .notFound,
        "No route has this method and path.",
        remedy: "See `/openapi.json` for the routes.")
    /// The server cannot be reached.
    public static let serverUnreachable = Self(
        "E_SERVER_UNREACHABLE", .unavailable,
        "The qmtl server cannot be reached: nothing listens at the URL, or the connection failed.",
        remedy: "Start `qmtl serve`, or check `--server` / `QMTL_SERVER`; then retry.")
    /// The server's answer is not what this client understands.
    public static let serverResponse = Self(
        "E_SERVER_RESPONSE", .internal,
        "The server answered with something this client does not understand (another version, or not a qmtl server).",
        remedy: "Check that `--server` points at a `qmtl serve` of the same version.")
    /// The server failed on an unexpected error.
    public static let internalError = Self(
        "E_INTERNAL", .internal,
        "The server failed on an unexpected error; nothing was half-written.",
        remedy: "Report it with the request id from the server's log.")

    /// Every code of this group, in catalogue order.
    static let httpGroup: [Self] = [
        .unauthorized, .bodyTooLarge, .badBody, .badQuery, .badHeader, .routeNotFound, .serverUnreachable, .serverResponse, .internalError,
    ]
}
