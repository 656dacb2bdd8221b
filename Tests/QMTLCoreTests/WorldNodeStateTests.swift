import Testing

@testable import QMTLCore

/// Every (state, event) pair of R-WVG-1, written out as a table: the expected result is
/// `lifecycle`, `lifecycle|decision` (with `+r` when a revalidation waits), or `E` for
/// `E_ILLEGAL_TRANSITION`.
@Suite("WVG state machine")
struct WorldNodeStateTests {
    static let events: [(String, WorldNodeState.Event)] = [
        ("startValidation", .startValidation), ("passed", .validationPassed), ("failed", .validationFailed),
        ("activate", .activate), ("deactivate", .deactivate), ("archive", .archive),
        ("stop", .applyDecision(.stop, eventID: "e2")), ("pause", .applyDecision(.pause, eventID: "e2")),
        ("quarantine", .applyDecision(.quarantine, eventID: "e2")), ("resume", .removeDecision(eventID: nil)),
        ("evalKey", .evalKeyChanged),
    ]

    // Columns in the order of `events`.
    static let table: [String: [String]] = [
        //            startVal        passed          failed            activate   deactivate    archive     stop            pause           quarantine            resume        evalKey
        "unknown": ["validating", "E", "E", "E", "E", "archived", "unknown|stop", "unknown|pause", "unknown|quarantine", "E", "validating"],
        "validating": [
            "E", "valid", "invalid", "E", "E", "archived", "validating|stop", "validating|pause", "validating|quarantine", "E", "validating",
        ],
        "valid": ["validating", "E", "E", "running", "E", "archived", "valid|stop", "valid|pause", "valid|quarantine", "E", "validating"],
        "invalid": ["validating", "E", "E", "E", "E", "archived", "invalid|stop", "invalid|pause", "invalid|quarantine", "E", "validating"],
        "running": ["validating", "E", "E", "E", "valid", "archived", "running|stop", "running|pause", "running|quarantine", "E", "validating"],
        "archived": ["E", "E", "E", "E", "E", "E", "E", "E", "E", "E", "E"],
        "valid|stop": ["valid|stop+r", "E", "E", "E", "E", "archived", "valid|stop", "valid|pause", "valid|quarantine", "valid", "valid|stop+r"],
        "validating|stop": [
            "validating|stop+r", "valid|stop", "invalid|stop", "E", "E", "archived", "validating|stop", "validating|pause", "validating|quarantine",
            "validating", "validating|stop+r",
        ],
        "running|pause": [
            "running|pause+r", "E", "E", "E", "valid|pause", "archived", "running|stop", "running|pause", "running|quarantine", "running",
            "running|pause+r",
        ],
        "invalid|quarantine": [
            "invalid|quarantine+r", "E", "E", "E", "E", "archived", "invalid|stop", "invalid|pause", "invalid|quarantine", "invalid",
            "invalid|quarantine+r",
        ],
        "valid|stop+r": [
            "valid|stop+r", "E", "E", "E", "E", "archived", "valid|stop+r", "valid|pause+r", "valid|quarantine+r", "validating", "valid|stop+r",
        ],
        "unknown|pause+r": [
            "unknown|pause+r", "E", "E", "E", "E", "archived", "unknown|stop+r", "unknown|pause+r", "unknown|quarantine+r", "validating",
            "unknown|pause+r",
        ],
    ]

    static func state(_ text: String) throws -> WorldNodeState {
        let reval = text.hasSuffix("+r")
        let parts = (reval ? String(text.dropLast(2)) : text).split(separator: "|").map(String.init)
        let overlay =
            parts.count > 1
            ? DecisionOverlay(decision: OverlayDecision(rawValue: parts[1])!, eventID: "e1", needsRevalidation: reval) : nil
        return try WorldNodeState(lifecycle: NodeStatus(rawValue: parts[0])!, overlay: overlay)
    }

    static func describe(_ s: WorldNodeState) -> String {
        guard let o = s.overlay else { return s.lifecycle.rawValue }
        return "\(s.lifecycle.rawValue)|\(o.decision.rawValue)" + (o.needsRevalidation ? "+r" : "")
    }

    static let pairs: [(String, Int)] = table.keys.sorted().flatMap { s in events.indices.map { (s, $0) } }

    @Test func tableCoversEveryLifecycleStatusAndEvent() {
        #expect(Set(Self.table.keys.map { $0.split(separator: "|")[0] }) == ["unknown", "validating", "valid", "invalid", "running", "archived"])
        #expect(Self.table.values.allSatisfy { $0.count == Self.events.count })
    }

    @Test(arguments: pairs)
    func transition(_ pair: (String, Int)) throws {
        let (from, e) = pair
        let expected = Self.table[from]![e]
        let start = try Self.state(from)
        let result = Result { try start.applying(Self.events[e].1) }
        switch result {
        case .success(let next):
            #expect(Self.describe(next) == expected, "\(from) + \(Self.events[e].0)")
        case .failure(let error as QMTLError):
            #expect(expected == "E", "\(from) + \(Self.events[e].0): \(error.message)")
            #expect(error.code == .illegalTransition)
            #expect(error.details["from"] == start.status.rawValue)
            #expect(error.details["allowed"] != nil)
            #expect(error.message.contains("allowed from \(start.status.rawValue)"))
        case .failure(let other):
            Issue.record("unexpected \(other)")
        }
    }

    @Test func statusShowsTheOverlay() throws {
        #expect(try Self.state("running|stop").status == .stopped)
        #expect(try Self.state("running|quarantine").status == .paused)
        #expect(try Self.state("running").status == .running)
    }

    @Test func resumingAnOlderDecisionLeavesTheNewerOne() throws {
        let s = try Self.state("valid|stop").applying(.applyDecision(.pause, eventID: "e9"))
        #expect(try s.applying(.removeDecision(eventID: "e1")) == s)
        #expect(Self.describe(try s.applying(.removeDecision(eventID: "e9"))) == "valid")
    }

    @Test func errorNamesFromToAndAllowed() throws {
        let error = #expect(throws: QMTLError.self) { try WorldNodeState().applying(.activate) }
        #expect(error?.details == ["from": "unknown", "to": "running", "allowed": "validating,paused,stopped,archived"])
        #expect(error?.message == "activate cannot move a ref from unknown to running; allowed from unknown: validating, paused, stopped, archived")
    }

    @Test func storedStatesAreChecked() {
        #expect(throws: QMTLError.self) { try WorldNodeState(lifecycle: .stopped, overlay: nil) }
        #expect(throws: QMTLError.self) {
            try WorldNodeState(lifecycle: .archived, overlay: DecisionOverlay(decision: .stop, eventID: "x"))
        }
    }
}
