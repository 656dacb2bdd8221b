extension QMTLError.Code {
    // MARK: Evaluation runs: Evaluation runs and their history (R-RUN).

    /// A run's body is not a JSON object.
    public static let runBody = Self(
        "E_RUN_BODY", .unprocessable,
        "A run's body is not a JSON object.",
        remedy: "Send the run as an object.")
    /// A run with this id exists with another body.
    public static let runConflict = Self(
        "E_RUN_CONFLICT", .conflict,
        "A run with this id exists with another body.",
        remedy: "Use a new run id, or resend the same body.")
    /// No such run of this strategy in this world.
    public static let runNotFound = Self(
        "E_RUN_NOT_FOUND", .notFound,
        "No such run of this strategy in this world.",
        remedy: "Check the run id (`qmtl world run-status`).")
    /// The run has no equity series: its runtime reported none.
    public static let seriesNotFound = Self(
        "E_SERIES_NOT_FOUND", .notFound,
        "The run has no equity series: its runtime reported none.",
        remedy: "Runs of qmtl's runtimes carry one; an external runner sends `series` with its result.")

    /// A run's metrics were asked for before it was evaluated.
    public static let runNotEvaluated = Self(
        "E_RUN_NOT_EVALUATED", .conflict,
        "A run's metrics were asked for before it was evaluated.",
        remedy: "Wait for the run to reach evaluated (`qmtl world run-status`).")

    /// A reported run result is malformed: bar times missing or out of order.
    public static let runResult = Self(
        "E_RUN_RESULT", .unprocessable,
        "A reported run result is malformed: bar times missing or out of order.",
        remedy: "Report first_bar and last_bar as ISO-8601 UTC times, first ≤ last.")
    /// A requested execution mode is not one of the known names.
    public static let badMode = Self(
        "E_MODE", .badRequest,
        "A requested execution mode is not one of the known names.",
        remedy: "Use backtest, validate, compute-only, paper or live.")

    /// No job has this id.
    public static let jobNotFound = Self(
        "E_JOB_NOT_FOUND", .notFound,
        "No job has this id.",
        remedy: "Check the job id; every claim and finish is in the audit log (`qmtl audit list`).")
    /// A worker reported on a job it no longer holds: its lease ran out and another worker claimed it, or it finished.
    public static let jobLeaseLost = Self(
        "E_JOB_LEASE_LOST", .conflict,
        "A worker reported on a job it no longer holds: its lease ran out and another worker claimed it, or it finished.",
        remedy: "Stop working on the job; the worker holding it now carries on from the last checkpoint.")

    /// A campaign step was asked for before the campaign allows it: a paper run before the
    /// backtest phase is complete, a paper evaluation before its window is observed.
    public static let campaignNotReady = Self(
        "E_CAMPAIGN_NOT_READY", .conflict,
        "A campaign step was asked for before the campaign allows it (a paper run before the backtest phase is complete, a paper evaluation before its window).",
        remedy: "See why with `qmtl world status W --strategy S`; `qmtl world campaign-tick W` lists what may run now.")
    /// Progress was reported for a run that is not consuming bars.
    public static let runNotRunning = Self(
        "E_RUN_NOT_RUNNING", .conflict,
        "Progress was reported for a run that is not consuming bars (it is queued, evaluated or ended).",
        remedy: "Report progress only while the run is paper_running; start a new paper run with `qmtl world campaign-execute W --execute`.")

    /// Every code of this group, in catalogue order.
    static let runGroup: [Self] = [
        .runBody, .runConflict, .runNotFound, .seriesNotFound, .runNotEvaluated, .runResult, .badMode, .jobNotFound, .jobLeaseLost, .campaignNotReady,
        .runNotRunning,
    ]
}
