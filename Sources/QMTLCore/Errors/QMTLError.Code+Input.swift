extension QMTLError.Code {
    // MARK: Input documents and command lines: Files, JSON and YAML documents, and the command line itself.

    /// A YAML or JSON document is not well formed.
    public static let parse = Self(
        "E_PARSE", .badRequest,
        "A YAML or JSON document is not well formed.",
        remedy: "Fix the syntax at the `file:line:column` shown.")
    /// An object has the same key twice.
    public static let jsonDuplicateKey = Self(
        "E_JSON_DUPLICATE_KEY", .badRequest,
        "An object has the same key twice.",
        remedy: "Keep one of the two keys.")
    /// An integer is beyond ±2^53 and cannot be represented exactly in canonical JSON.
    public static let jsonIntegerRange = Self(
        "E_JSON_INTEGER_RANGE", .badRequest,
        "An integer is beyond ±2^53 and cannot be represented exactly in canonical JSON.",
        remedy: "Use a smaller number, or a string if it is an identifier.")
    /// A number is NaN, infinite or out of the range of a double; canonical JSON has no form for it.
    public static let jsonNonFinite = Self(
        "E_JSON_NON_FINITE", .badRequest,
        "A number is NaN, infinite or out of the range of a double; canonical JSON has no form for it.",
        remedy: "Use a finite number.")
    /// A file named on the command line cannot be read: it is missing, a directory, or not permitted.
    public static let fileUnreadable = Self(
        "E_FILE_UNREADABLE", .badRequest,
        "A file named on the command line cannot be read: it is missing, a directory, or not permitted.",
        remedy: "Check the path and its permissions.")
    /// A file named on the command line cannot be written.
    public static let fileUnwritable = Self(
        "E_FILE_UNWRITABLE", .badRequest,
        "A file named on the command line cannot be written: its folder is missing or not permitted.",
        remedy: "Check the path and its permissions.")
    /// `qmtl init` was pointed at a directory that already has files.
    public static let directoryNotEmpty = Self(
        "E_DIR_NOT_EMPTY", .conflict,
        "The directory already has files; `qmtl init` writes only into a new or empty one.",
        remedy: "Name a new directory, or empty this one.")
    /// A text file is not valid UTF-8.
    public static let fileNotUTF8 = Self(
        "E_FILE_NOT_UTF8", .badRequest,
        "A text file is not valid UTF-8.",
        remedy: "Save the file as UTF-8.")
    /// The command line is not valid: an unknown flag, a missing argument or a value out of range.
    public static let usage = Self(
        "E_USAGE", .usage,
        "The command line is not valid: an unknown flag, a missing argument or a value out of range.",
        remedy: "Run the command with `--help`.")

    /// Every code of this group, in catalogue order.
    static let inputGroup: [Self] = [
        .parse, .jsonDuplicateKey, .jsonIntegerRange, .jsonNonFinite, .fileUnreadable, .fileUnwritable, .directoryNotEmpty, .fileNotUTF8, .usage,
    ]
}
