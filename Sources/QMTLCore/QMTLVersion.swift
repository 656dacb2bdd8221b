/// The engine version string, part of every `code_version` (R-ID-7).
public enum QMTLVersion {
    /// Semantic version of this build of QMTL for Swift.
    public static let current = "0.1.0"
}
