/// The hash chain of the audit log (R-SEC-2). Pure: stores persist the entries and the head,
/// this computes and checks hashes.
public enum AuditChain {
    /// The `prev_hash` of the first entry: 32 zero bytes.
    public static let genesis = Hash256.zero

    /// `BLAKE3(JCS(entry) ‖ prev_hash)`.
    public static func hash(_ entry: AuditEntry, previous: Hash256) -> Hash256 {
        var hasher = BLAKE3()
        // An entry holds only strings and integers below 2^53: canonicalisation cannot fail.
        hasher.update(try! JCS.bytes(entry.json))
        hasher.update(previous.bytes)
        return hasher.finalize()
    }

    /// A stored entry with the hash recorded beside it.
    public struct Link: Sendable, Hashable {
        public var entry: AuditEntry
        public var hash: Hash256

        public init(entry: AuditEntry, hash: Hash256) {
            self.entry = entry
            self.hash = hash
        }
    }

    /// The head kept apart from the entries: the last sequence number and its hash.
    public struct Head: Sendable, Hashable {
        public var seq: Int64
        public var hash: Hash256

        public init(seq: Int64, hash: Hash256) {
            self.seq = seq
            self.hash = hash
        }
    }

    /// The result of ``verify(_:head:)``.
    public enum Verdict: Sendable, Equatable {
        case intact(entries: Int64)
        /// The first entry whose position, content or chain is wrong, and why.
        case broken(seq: Int64, reason: String)
    }

    /// Checks a log read in `seq` order against its separately stored head. Detects an edited
    /// entry (its hash no longer matches), a deleted or reordered entry (sequence gap, or the
    /// chain breaks), and a truncated tail (the head names a later entry).
    public static func verify(_ links: [Link], head: Head?) -> Verdict {
        var previous = genesis
        var expected: Int64 = 1
        for link in links {
            guard link.entry.seq == expected else {
                return .broken(seq: expected, reason: "entry \(expected) is missing or out of order (found \(link.entry.seq))")
            }
            guard hash(link.entry, previous: previous) == link.hash else {
                return .broken(seq: expected, reason: "entry \(expected) does not match its hash: edited, or its predecessor changed")
            }
            previous = link.hash
            expected += 1
        }
        let count = expected - 1
        switch head {
        case nil where count == 0:
            return .intact(entries: 0)
        case nil:
            return .broken(seq: 1, reason: "the log has \(count) entries but no head")
        case let head?:
            if head.seq > count {
                return .broken(seq: count + 1, reason: "the head names entry \(head.seq) but the log ends at \(count): truncated")
            }
            if head.seq < count {
                return .broken(seq: head.seq + 1, reason: "entries after the head's \(head.seq) were added outside the log")
            }
            if head.hash != previous {
                return .broken(seq: count, reason: "the head's hash differs from entry \(count)'s")
            }
            return .intact(entries: count)
        }
    }
}
