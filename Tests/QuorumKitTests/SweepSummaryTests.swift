import Testing
import QuorumCore
@testable import QuorumCheckers
@testable import QuorumKit

/// The table `quorum sweep` prints when a protocol sweeps several variants (the store's levels).
@Suite("Sweep summary")
struct SweepSummaryTests {
    private func report(seed: UInt64, verdict: Verdict?, stale: Int, converged: Bool?, millis: Int) -> RunReport {
        var report = RunReport(protocolName: "store", seed: seed, nodeCount: 5, simulatedTime: .zero, stats: RunStats(), wallSeconds: 0)
        report.linearizability = verdict.map { LinearizabilityResult(verdict: $0, operations: 1) }
        report.protocolFields = [
            .init("levels", json: "{}", text: "ONE/ONE"),
            .init("staleReads", int: stale),
            .init("convergenceMillis", json: String(millis), text: "", aggregate: .largest),
            .init("readYourWrites", json: converged.map { $0 ? "true" : "false" } ?? "null", text: "", aggregate: .held),
        ]
        return report
    }

    @Test func countsAreSummedMeasuresTakeTheLargestAndYesNoCountsTheSeedsWhereItHeld() {
        let weak = SweepSummary.Column(label: "ONE/ONE", reports: [
            report(seed: 1, verdict: .notLinearizable, stale: 3, converged: false, millis: 40),
            report(seed: 2, verdict: .linearizable, stale: 2, converged: true, millis: 90),
            report(seed: 3, verdict: .unknown, stale: 0, converged: nil, millis: 10),
        ])
        let strong = SweepSummary.Column(label: "QUORUM/QUORUM", reports: [report(seed: 1, verdict: .linearizable, stale: 0, converged: true, millis: 5)])
        let lines = SweepSummary(heading: "read/write levels", columns: [weak, strong]).text().split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        #expect(lines.contains("read/write levels ONE/ONE QUORUM/QUORUM"))
        #expect(lines.contains("seeds 3 1"))
        #expect(lines.contains("linearizable 1/2 1/1"))  // an unknown verdict is not counted either way
        #expect(lines.contains("staleReads 5 0"))
        #expect(lines.contains("convergenceMillis (largest) 90 5"))
        #expect(lines.contains("readYourWrites 1/2 1/1"))  // null: could not be told
        #expect(!lines.contains { $0.hasPrefix("levels") })  // text fields are the column headings' business
    }

    @Test func wideTablesAreCutIntoBlocksThatFitEightyColumns() {
        let columns = (1...6).map { SweepSummary.Column(label: "LOCAL_QUORUM/ONE\($0)", reports: [report(seed: 1, verdict: nil, stale: 1, converged: true, millis: 1)]) }
        let text = SweepSummary(heading: "read/write levels", columns: columns).text()
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 80 })
        #expect(text.components(separatedBy: "\nstaleReads").count - 1 == 3)  // two columns a block
        for index in 1...6 { #expect(text.contains("LOCAL_QUORUM/ONE\(index)")) }
    }

    @Test func aFailureOfOnePairIsReproducedWithThatPairAlone() throws {
        let command = try SweepProtocolCommand<StoreDescriptor>.parse(["--levels", "ONE/ALL,QUORUM/ONE", "--clock-skew", "5ms"])
        let variants = try command.sweepVariants().variants
        #expect(variants.map(\.label) == ["ONE/ALL", "QUORUM/ONE"])
        let reproduce = command.reproduceCommand(seed: 7, variant: variants[1])
        #expect(reproduce.contains("--clock-skew 5ms --read-level QUORUM --write-level ONE"), "\(reproduce)")
        #expect(!reproduce.contains("--levels"))
        #expect(variants[1].config.readLevel == .quorum && variants[1].config.writeLevel == .one)
    }
}
