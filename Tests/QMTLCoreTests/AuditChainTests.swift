import Testing

@testable import QMTLCore

@Suite("Audit hash chain")
struct AuditChainTests {
    static func log(_ n: Int) -> (links: [AuditChain.Link], head: AuditChain.Head) {
        var links: [AuditChain.Link] = []
        var previous = AuditChain.genesis
        for i in 1...n {
            let entry = AuditEntry(
                seq: Int64(i), atMillis: 1_700_000_000_000 + Int64(i), actor: "user:ana", role: "operator",
                action: "ref.transition", target: "world:eq/\(i)", requestID: "r\(i)", before: i > 1 ? "s\(i - 1)" : nil, after: "s\(i)")
            let h = AuditChain.hash(entry, previous: previous)
            links.append(.init(entry: entry, hash: h))
            previous = h
        }
        return (links, AuditChain.Head(seq: Int64(n), hash: previous))
    }

    @Test func intactLogVerifies() {
        let (links, head) = Self.log(5)
        #expect(AuditChain.verify(links, head: head) == .intact(entries: 5))
        #expect(AuditChain.verify([], head: nil) == .intact(entries: 0))
    }

    @Test func hashIsBLAKE3OfJCSThenPrevious() throws {
        let (links, _) = Self.log(2)
        let expected = BLAKE3.hash(try JCS.bytes(links[1].entry.json) + links[0].hash.bytes)
        #expect(links[1].hash == expected)
        #expect(try AuditEntry(json: links[1].entry.json) == links[1].entry)
    }

    @Test func editedEntryIsDetected() {
        var (links, head) = Self.log(5)
        links[2].entry.actor = "user:mallory"
        #expect(
            AuditChain.verify(links, head: head) == .broken(seq: 3, reason: "entry 3 does not match its hash: edited, or its predecessor changed"))
    }

    @Test func editedEntryWithRecomputedHashBreaksTheNext() {
        var (links, head) = Self.log(5)
        links[2].entry.action = "world.delete"
        links[2].hash = AuditChain.hash(links[2].entry, previous: links[1].hash)
        #expect(
            AuditChain.verify(links, head: head) == .broken(seq: 4, reason: "entry 4 does not match its hash: edited, or its predecessor changed"))
    }

    @Test func deletedMiddleEntryIsDetected() {
        var (links, head) = Self.log(5)
        links.remove(at: 2)
        #expect(AuditChain.verify(links, head: head) == .broken(seq: 3, reason: "entry 3 is missing or out of order (found 4)"))
    }

    @Test func reorderIsDetected() {
        var (links, head) = Self.log(5)
        links.swapAt(1, 3)
        #expect(AuditChain.verify(links, head: head) == .broken(seq: 2, reason: "entry 2 is missing or out of order (found 4)"))
    }

    @Test func reorderWithRenumberingIsDetected() {
        var (links, head) = Self.log(5)
        links.swapAt(1, 3)
        links[1].entry.seq = 2
        links[3].entry.seq = 4
        #expect(
            AuditChain.verify(links, head: head) == .broken(seq: 2, reason: "entry 2 does not match its hash: edited, or its predecessor changed"))
    }

    @Test func truncatedTailIsDetected() {
        var (links, head) = Self.log(5)
        links.removeLast(2)
        #expect(AuditChain.verify(links, head: head) == .broken(seq: 4, reason: "the head names entry 5 but the log ends at 3: truncated"))
    }

    @Test func entriesWithoutHeadOrBeyondItAreDetected() {
        let (links, head) = Self.log(3)
        #expect(AuditChain.verify(links, head: head) == .intact(entries: 3))
        #expect(AuditChain.verify(links, head: nil) == .broken(seq: 1, reason: "the log has 3 entries but no head"))
        #expect(
            AuditChain.verify(links, head: AuditChain.Head(seq: 2, hash: links[1].hash))
                == .broken(seq: 3, reason: "entries after the head's 2 were added outside the log"))
        #expect(
            AuditChain.verify(links, head: AuditChain.Head(seq: 3, hash: links[1].hash))
                == .broken(seq: 3, reason: "the head's hash differs from entry 3's"))
    }
}
