import Foundation
import QMTLTestSupport
import Testing

@testable import QMTLCore

/// `docs/policy.md` against the parser: every key the parser accepts is documented, every
/// documented field is one the parser reads, and the page's complete example parses and uses
/// every field.
@Suite("docs/policy.md")
struct PolicyReferenceDocTests {
    static let page = String(decoding: (try? TestData.repoFile("docs/policy.md")) ?? Data(), as: UTF8.self)

    /// The first column of the field table.
    static func documented() -> [String] {
        page.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("| `"), let end = line.dropFirst(3).firstIndex(of: "`") else { return nil }
            return String(line[line.index(line.startIndex, offsetBy: 3)..<end])
        }
    }

    /// Mappings whose keys the writer chooses, and the fields each of their entries has.
    static let open: [String: [String]] = [
        "selection.thresholds": ["metric", "min", "max"], "validation.sample": ["min", "max"], "validation.risk": ["min", "max"],
    ]

    /// Every field the parser reads, as the page writes it.
    static func parserFields() -> Set<String> {
        var fields: Set<String> = []
        for (path, keys) in PolicyParser.keys {
            for key in keys {
                let full = path.isEmpty ? key : path + "." + key
                if let entry = open[full] {
                    let name = full == "selection.thresholds" ? "<name>" : "<metric>"
                    for f in entry { fields.insert("\(full).\(name).\(f)") }
                } else if PolicyParser.keys[full] == nil {
                    fields.insert(full)
                }
            }
        }
        fields.insert("validation.sample.min_sample_days")  // the one fixed key of validation.sample
        return fields
    }

    @Test func everyFieldTheParserReadsIsDocumentedAndNothingElse() {
        let documented = Self.documented()
        #expect(documented.count == Set(documented).count, "each field once")
        #expect(
            Set(documented) == Self.parserFields(),
            "only on the page: \(Set(documented).subtracting(Self.parserFields())); only in the parser: \(Self.parserFields().subtracting(documented))"
        )
    }

    /// The YAML block under "A policy with every field".
    static func example() throws -> String {
        let start = try #require(page.range(of: "## A policy with every field"))
        let fence = try #require(page.range(of: "```yaml\n", range: start.upperBound..<page.endIndex))
        let end = try #require(page.range(of: "```", range: fence.upperBound..<page.endIndex))
        return String(page[fence.upperBound..<end.lowerBound])
    }

    @Test func theCompleteExampleParsesAndUsesEveryField() throws {
        let text = try Self.example()
        let (policy, errors) = PolicyParser.check(text, fileName: "docs/policy.md")
        #expect(errors.isEmpty, "\(errors.map(\.message))")
        let p = try #require(policy)
        #expect(p.preset == "moderate" && p.selection.thresholds["sharpe"]?.min == 0.8 && p.selection.gates != nil)
        #expect(p.selection.hysteresis?.minDwellSeconds == 5 * 86_400 && p.campaign?.minSampleDays == 40)
        #expect(p.validation?.requiredStressFlags == ["covid_2020_pass"] && p.validation?.risk.count == 3)
        #expect(p.governance.canaryFraction == 0.25 && p.governance.approvers.count == 2 && p.riskHub?.maxSnapshotAgeSeconds == 900)
        // Every fixed key of the parser appears in the example.
        let source = try SourceParser.parse(text, format: .yaml, fileName: "example.yaml")
        var seen: Set<String> = []
        func walk(_ node: SourceNode, _ path: String) {
            for m in node.members ?? [] {
                let full = path.isEmpty ? m.key : path + "." + m.key
                seen.insert(full)
                walk(m.value, full)
            }
        }
        walk(source, "")
        for (path, keys) in PolicyParser.keys {
            for key in keys { #expect(seen.contains(path.isEmpty ? key : path + "." + key), "\(path).\(key) is not in the example") }
        }
    }

    @Test func theDocumentedDefaultsAreTheParsersDefaults() throws {
        let p = try PolicyParser.parse(
            "selection: {correlation: {max: 0.5}, hysteresis: {metric: sharpe, enter: 1, exit: 0.5}}\n", fileName: "d.yaml")
        #expect(p.selection.correlation?.minOverlap == 20 && p.selection.hysteresis?.minDwellSeconds == 0)
        #expect(p.governance.mode == .manualApproval && p.governance.cooldownSeconds == 0)
        #expect(Policy().validation?.onMissingMetric ?? .fail == .fail && Policy.Validation().onMissingMetric == .fail)
        #expect(Self.page.contains("| `risk_hub.max_snapshot_age` | duration | 15m |") && RiskSnapshotCheck.defaultMaxAgeSeconds == 900)
    }
}
