import Foundation
import QuorumCore
import QuorumCheckers

/// Renders a run report as text or JSON.
enum RunSummary {
    static func text(_ report: RunReport, reproduce: String) -> String {
        var lines = [
            "seed \(report.seed) · \(report.protocolName) · \(report.nodeCount) nodes · \(report.simulatedTime.shortDescription) simulated",
            "events             \(report.stats.events)  (\(Int(report.eventsPerSecond)) simulated events per wall-clock second)",
            "messages           sent \(report.stats.messagesSent)  delivered \(report.stats.messagesDelivered)  dropped \(report.stats.messagesDropped)",
        ]
        if let committed = report.committedEntries {
            lines.append("leader elections   \(report.stats.leaderElections)")
            lines.append("committed entries  \(committed)")
        }
        lines.append("client operations  ok \(report.clientOpsOk)  failed \(report.clientOpsFailed)  unknown \(report.clientOpsUnknown)")
        for field in report.protocolFields { lines.append(field.key.padding(toLength: max(19, field.key.count + 1), withPad: " ", startingAt: 0) + field.text) }
        if let digest = report.eventDigest { lines.append("event digest       \(StableHash.hex(digest))") }
        if report.violations.isEmpty {
            lines.append("invariants         no violations")
        } else {
            lines.append("invariants         \(report.violations.count) VIOLATION(S)")
            lines += report.violations.map { "  " + $0 }
        }
        if let liveness = report.livenessFailure { lines.append("LIVENESS FAILURE   \(liveness)") }
        if let result = report.linearizability {
            lines.append("linearizable       \(result.verdict.rawValue) (\(result.operations) operations)")
            if let counterexample = result.counterexample { lines += counterexample.description.split(separator: "\n").map { "  " + $0 } }
        }
        if let sequential = report.sequentialConsistency { lines.append("sequentially consistent  \(JSONVerdict.words(sequential))") }
        if report.failed { lines.append("reproduce with:    \(reproduce)") }
        return lines.joined(separator: "\n")
    }

    static func json(_ report: RunReport, reproduce: String) -> String {
        var object = JSONObject()
        object.add("protocol", report.protocolName)
        object.add("seed", report.seed)
        object.add("nodes", report.nodeCount)
        object.add("simulatedMillis", Int(report.simulatedTime.micros / 1_000))
        object.add("events", report.stats.events)
        object.add("messagesSent", report.stats.messagesSent)
        object.add("messagesDelivered", report.stats.messagesDelivered)
        object.add("messagesDropped", report.stats.messagesDropped)
        if let committed = report.committedEntries {
            object.add("leaderElections", report.stats.leaderElections)
            object.add("committedEntries", committed)
        }
        object.add("clientOpsOk", report.clientOpsOk)
        object.add("clientOpsFailed", report.clientOpsFailed)
        object.add("clientOpsUnknown", report.clientOpsUnknown)
        object.add("violations", report.violations + (report.livenessFailure.map { [$0] } ?? [])
            + (report.linearizabilityFailure.map { [$0.split(separator: "\n").first.map(String.init) ?? $0] } ?? []))
        if let result = report.linearizability {
            object.add("linearizable", raw: JSONVerdict.boolean(result.verdict))
        }
        if let sequential = report.sequentialConsistency { object.add("sequentiallyConsistent", raw: JSONVerdict.boolean(sequential)) }
        for field in report.protocolFields { object.add(field.key, raw: field.json) }
        if let digest = report.eventDigest { object.add("eventDigest", StableHash.hex(digest)) }
        if report.failed { object.add("reproduce", reproduce) }
        object.add("eventsPerSecond", Double(Int(report.eventsPerSecond)))
        return object.text
    }
}
