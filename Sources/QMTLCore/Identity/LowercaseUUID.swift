/// The text form ids take when a client may supply them (run ids, decision event ids): a UUID
/// in lowercase, `8-4-4-4-12` hex digits.
public enum LowercaseUUID {
    /// Whether `text` is a lowercase UUID.
    public static func isValid(_ text: String) -> Bool {
        text.split(separator: "-", omittingEmptySubsequences: false).map(\.count) == [8, 4, 4, 4, 12]
            && text.utf8.allSatisfy { $0 == 0x2D || (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}
