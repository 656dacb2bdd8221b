/// What a draft policy would change (R-POL-3): who enters, who leaves, and which rule decided
/// — computed from two decisions, without side effects.
public struct PolicyWhatIf: Sendable, Equatable {
    /// A candidate whose selection changes, and the rule that kept it out on the other side.
    public struct Change: Sendable, Equatable {
        /// The candidate's id.
        public var id: String
        /// The deciding rule, or `top_k` when it was only ranked below the cut.
        public var rule: String
        /// The deciding rule's reason code.
        public var reasonCode: String
        /// The sentence explaining it (R-POL-4).
        public var explanation: String
    }

    /// Selected under the draft only.
    public var entering: [Change]
    /// Selected under the current policy only.
    public var leaving: [Change]
    /// Selected under both.
    public var staying: [String]
    /// The current policy's contract.
    public var currentContract: ContractID
    /// The draft's contract.
    public var draftContract: ContractID

    /// Compares the decision under the current policy with the decision under a draft.
    public static func diff(current: PolicyDecision, draft: PolicyDecision) -> PolicyWhatIf {
        let now = Set(current.selected)
        let then = Set(draft.selected)
        func change(_ id: String, outIn decision: PolicyDecision, explainedBy other: PolicyDecision) -> Change {
            let out = decision.candidates[id]
            let decisive = out?.rules.first(where: \.blocks)
            return Change(
                id: id, rule: decisive?.rule ?? "top_k", reasonCode: decisive?.reasonCode ?? "ranked_below_k",
                explanation: other.candidates[id]?.explanation ?? "")
        }
        return PolicyWhatIf(
            entering: draft.selected.filter { !now.contains($0) }.map { change($0, outIn: current, explainedBy: draft) },
            leaving: current.selected.filter { !then.contains($0) }.map { change($0, outIn: draft, explainedBy: draft) },
            staying: draft.selected.filter { now.contains($0) }, currentContract: current.contractID, draftContract: draft.contractID)
    }
}

extension PolicyDecision {
    /// The decision as JSON: `{"contract_id", "selected": [ids in rank order], "candidates": {id: …}}`.
    public var json: JSONValue {
        var candidates = JSONObject()
        for (id, c) in self.candidates {
            candidates[id] = [
                "eligible": .bool(c.eligible), "selected": .bool(c.selected), "rank": c.rank.map { .number(Double($0)) } ?? .null,
                "status": .string(c.status.rawValue), "explanation": .string(c.explanation),
                "rules": .array(
                    c.rules.map { r in
                        [
                            "rule": .string(r.rule), "status": .string(r.status.rawValue), "severity": .string(r.severity.rawValue),
                            "reason_code": .string(r.reasonCode), "observed": r.observed.map { .number($0) } ?? .null,
                            "required": .string(r.required),
                        ]
                    }),
            ]
        }
        return ["contract_id": .string(contractID.description), "selected": .array(selected.map { .string($0) }), "candidates": .object(candidates)]
    }
}
