extension QMTLError.Code {
    // MARK: Bars and backtests: Bar files, datasets and the backtest engine (R-SDK-2, R-SDK-4).

    /// A bar file does not start with the header `ts,open,high,low,close,volume` (or is empty).
    public static let dataHeader = Self(
        "E_DATA_HEADER", .unprocessable,
        "A bar file does not start with the header `ts,open,high,low,close,volume` (or is empty).",
        remedy: "Add or fix the header line.")
    /// A bar row cannot be read: the wrong number of fields, a bad timestamp or a number that is not finite.
    public static let dataRow = Self(
        "E_DATA_ROW", .unprocessable,
        "A bar row cannot be read: the wrong number of fields, a bad timestamp or a number that is not finite.",
        remedy: "Fix the row at the `file:line` shown.")
    /// A bar is impossible: a price not positive, negative volume, or high/low not bounding open and close.
    public static let dataValue = Self(
        "E_DATA_VALUE", .unprocessable,
        "A bar is impossible: a price not positive, negative volume, or high/low not bounding open and close.",
        remedy: "Fix the row at the `file:line` shown.")
    /// Bar timestamps do not strictly increase.
    public static let dataOrder = Self(
        "E_DATA_ORDER", .unprocessable,
        "Bar timestamps do not strictly increase.",
        remedy: "Sort the rows and remove duplicates.")
    /// A bar file has a header but no bars.
    public static let dataEmpty = Self(
        "E_DATA_EMPTY", .unprocessable,
        "A bar file has a header but no bars.",
        remedy: "Add bars.")
    /// Several symbols' bars do not share one clock (missing symbol, different counts or times).
    public static let dataClock = Self(
        "E_DATA_CLOCK", .unprocessable,
        "Several symbols' bars do not share one clock (missing symbol, different counts or times).",
        remedy: "Give every symbol a bar at the same times.")
    /// A strategy cannot be compiled into a backtest (no position output, a position over several symbols, sources on different intervals).
    public static let backtestPlan = Self(
        "E_BACKTEST_PLAN", .unprocessable,
        "A strategy cannot be compiled into a backtest (no position output, a position over several symbols, sources on different intervals).",
        remedy: "Give each position one symbol's bars on one interval.")
    /// Bytes given as a backtest checkpoint are not one.
    public static let checkpoint = Self(
        "E_CHECKPOINT", .badRequest,
        "Bytes given as a backtest checkpoint are not one.",
        remedy: "Pass a checkpoint written by this engine version.")

    /// No dataset has this fingerprint in the store.
    public static let datasetNotFound = Self(
        "E_DATASET_NOT_FOUND", .notFound,
        "No dataset has this fingerprint in the store.",
        remedy: "Register the bars first (`qmtl data add` or `qmtl data synth`); `qmtl data list` shows what is there.")
    /// A dataset does not fit where it is used (another symbol or interval than the world says).
    public static let datasetMismatch = Self(
        "E_DATASET_MISMATCH", .unprocessable,
        "A dataset does not fit where it is used (another symbol or interval than the world says).",
        remedy: "Name the dataset of the world's symbol and interval.")

    /// A bar appended to a world's feed at a time the feed already has, with other values.
    public static let feedConflict = Self(
        "E_FEED_CONFLICT", .conflict,
        "A bar appended to a world's feed at a time the feed already has, with other values.",
        remedy: "Append only bars after the feed's last one (`qmtl data append` prints it); bars already in the feed may be sent again unchanged.")

    /// Every code of this group, in catalogue order.
    static let dataGroup: [Self] = [
        .dataHeader, .dataRow, .dataValue, .dataOrder, .dataEmpty, .dataClock, .backtestPlan, .checkpoint, .datasetNotFound, .datasetMismatch,
        .feedConflict,
    ]
}
