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

    /// Every start state — each lifecycle status × no overlay or each decision × the
    /// revalidation flag, 36 in all — against every event: 396 cells written from SPEC §4
    /// (R-WVG-1), not from the code. Columns in the order of `events`: startValidation, passed,
    /// failed, activate, deactivate, archive, stop, pause, quarantine, resume, evalKey.
    static let table: [String: [String]] = [
        "unknown": ["validating", "E", "E", "E", "E", "archived", "unknown|stop", "unknown|pause", "unknown|quarantine", "E", "validating"],
        "unknown|stop": [
            "unknown|stop+r", "E", "E", "E", "E", "archived", "unknown|stop", "unknown|pause", "unknown|quarantine", "unknown", "unknown|stop+r",
        ],
        "unknown|stop+r": [
            "unknown|stop+r", "E", "E", "E", "E", "archived", "unknown|stop+r", "unknown|pause+r", "unknown|quarantine+r", "validating",
            "unknown|stop+r",
        ],
        "unknown|pause": [
            "unknown|pause+r", "E", "E", "E", "E", "archived", "unknown|stop", "unknown|pause", "unknown|quarantine", "unknown", "unknown|pause+r",
        ],
        "unknown|pause+r": [
            "unknown|pause+r", "E", "E", "E", "E", "archived", "unknown|stop+r", "unknown|pause+r", "unknown|quarantine+r", "validating",
            "unknown|pause+r",
        ],
        "unknown|quarantine": [
            "unknown|quarantine+r", "E", "E", "E", "E", "archived", "unknown|stop", "unknown|pause", "unknown|quarantine", "unknown",
            "unknown|quarantine+r",
        ],
        "unknown|quarantine+r": [
            "unknown|quarantine+r", "E", "E", "E", "E", "archived", "unknown|stop+r", "unknown|pause+r", "unknown|quarantine+r", "validating",
            "unknown|quarantine+r",
        ],
        "validating": [
            "E", "valid", "invalid", "E", "E", "archived", "validating|stop", "validating|pause", "validating|quarantine", "E", "validating",
        ],
        "validating|stop": [
            "validating|stop+r", "valid|stop", "invalid|stop", "E", "E", "archived", "validating|stop", "validating|pause", "validating|quarantine",
            "validating", "validating|stop+r",
        ],
        "validating|stop+r": [
            "validating|stop+r", "valid|stop+r", "invalid|stop+r", "E", "E", "archived", "validating|stop+r", "validating|pause+r",
            "validating|quarantine+r", "validating", "validating|stop+r",
        ],
        "validating|pause": [
            "validating|pause+r", "valid|pause", "invalid|pause", "E", "E", "archived", "validating|stop", "validating|pause",
            "validating|quarantine", "validating", "validating|pause+r",
        ],
        "validating|pause+r": [
            "validating|pause+r", "valid|pause+r", "invalid|pause+r", "E", "E", "archived", "validating|stop+r", "validating|pause+r",
            "validating|quarantine+r", "validating", "validating|pause+r",
        ],
        "validating|quarantine": [
            "validating|quarantine+r", "valid|quarantine", "invalid|quarantine", "E", "E", "archived", "validating|stop", "validating|pause",
            "validating|quarantine", "validating", "validating|quarantine+r",
        ],
        "validating|quarantine+r": [
            "validating|quarantine+r", "valid|quarantine+r", "invalid|quarantine+r", "E", "E", "archived", "validating|stop+r", "validating|pause+r",
            "validating|quarantine+r", "validating", "validating|quarantine+r",
        ],
        "valid": ["validating", "E", "E", "running", "E", "archived", "valid|stop", "valid|pause", "valid|quarantine", "E", "validating"],
        "valid|stop": ["valid|stop+r", "E", "E", "E", "E", "archived", "valid|stop", "valid|pause", "valid|quarantine", "valid", "valid|stop+r"],
        "valid|stop+r": [
            "valid|stop+r", "E", "E", "E", "E", "archived", "valid|stop+r", "valid|pause+r", "valid|quarantine+r", "validating", "valid|stop+r",
        ],
        "valid|pause": ["valid|pause+r", "E", "E", "E", "E", "archived", "valid|stop", "valid|pause", "valid|quarantine", "valid", "valid|pause+r"],
        "valid|pause+r": [
            "valid|pause+r", "E", "E", "E", "E", "archived", "valid|stop+r", "valid|pause+r", "valid|quarantine+r", "validating", "valid|pause+r",
        ],
        "valid|quarantine": [
            "valid|quarantine+r", "E", "E", "E", "E", "archived", "valid|stop", "valid|pause", "valid|quarantine", "valid", "valid|quarantine+r",
        ],
        "valid|quarantine+r": [
            "valid|quarantine+r", "E", "E", "E", "E", "archived", "valid|stop+r", "valid|pause+r", "valid|quarantine+r", "validating",
            "valid|quarantine+r",
        ],
        "invalid": ["validating", "E", "E", "E", "E", "archived", "invalid|stop", "invalid|pause", "invalid|quarantine", "E", "validating"],
        "invalid|stop": [
            "invalid|stop+r", "E", "E", "E", "E", "archived", "invalid|stop", "invalid|pause", "invalid|quarantine", "invalid", "invalid|stop+r",
        ],
        "invalid|stop+r": [
            "invalid|stop+r", "E", "E", "E", "E", "archived", "invalid|stop+r", "invalid|pause+r", "invalid|quarantine+r", "validating",
            "invalid|stop+r",
        ],
        "invalid|pause": [
            "invalid|pause+r", "E", "E", "E", "E", "archived", "invalid|stop", "invalid|pause", "invalid|quarantine", "invalid", "invalid|pause+r",
        ],
        "invalid|pause+r": [
            "invalid|pause+r", "E", "E", "E", "E", "archived", "invalid|stop+r", "invalid|pause+r", "invalid|quarantine+r", "validating",
            "invalid|pause+r",
        ],
        "invalid|quarantine": [
            "invalid|quarantine+r", "E", "E", "E", "E", "archived", "invalid|stop", "invalid|pause", "invalid|quarantine", "invalid",
            "invalid|quarantine+r",
        ],
        "invalid|quarantine+r": [
            "invalid|quarantine+r", "E", "E", "E", "E", "archived", "invalid|stop+r", "invalid|pause+r", "invalid|quarantine+r", "validating",
            "invalid|quarantine+r",
        ],
        "running": ["validating", "E", "E", "E", "valid", "archived", "running|stop", "running|pause", "running|quarantine", "E", "validating"],
        "running|stop": [
            "running|stop+r", "E", "E", "E", "valid|stop", "archived", "running|stop", "running|pause", "running|quarantine", "running",
            "running|stop+r",
        ],
        "running|stop+r": [
            "running|stop+r", "E", "E", "E", "valid|stop+r", "archived", "running|stop+r", "running|pause+r", "running|quarantine+r", "validating",
            "running|stop+r",
        ],
        "running|pause": [
            "running|pause+r", "E", "E", "E", "valid|pause", "archived", "running|stop", "running|pause", "running|quarantine", "running",
            "running|pause+r",
        ],
        "running|pause+r": [
            "running|pause+r", "E", "E", "E", "valid|pause+r", "archived", "running|stop+r", "running|pause+r", "running|quarantine+r", "validating",
            "running|pause+r",
        ],
        "running|quarantine": [
            "running|quarantine+r", "E", "E", "E", "valid|quarantine", "archived", "running|stop", "running|pause", "running|quarantine", "running",
            "running|quarantine+r",
        ],
        "running|quarantine+r": [
            "running|quarantine+r", "E", "E", "E", "valid|quarantine+r", "archived", "running|stop+r", "running|pause+r", "running|quarantine+r",
            "validating", "running|quarantine+r",
        ],
        "archived": ["E", "E", "E", "E", "E", "E", "E", "E", "E", "E", "E"],
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

    @Test func tableCoversEveryStartStateAndEvent() {
        var expected: Set<String> = ["archived"]
        for l in ["unknown", "validating", "valid", "invalid", "running"] {
            expected.insert(l)
            for d in OverlayDecision.allCases { expected.formUnion(["\(l)|\(d.rawValue)", "\(l)|\(d.rawValue)+r"]) }
        }
        #expect(Set(Self.table.keys) == expected)
        #expect(Self.table.count == 36 && Self.pairs.count == 396)
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

    @Test func endingADecisionWhoseEffectIsGoneChangesNothing() throws {
        let plain = try Self.state("valid")
        #expect(try plain.applying(.removeDecision(eventID: "e1")) == plain)
        #expect(throws: QMTLError.self) { try plain.applying(.removeDecision(eventID: nil)) }  // a resume needs an overlay
        #expect(throws: QMTLError.self) { try Self.state("archived").applying(.removeDecision(eventID: "e1")) }
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
