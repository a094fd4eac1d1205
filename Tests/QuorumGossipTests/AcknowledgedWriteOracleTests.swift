import Testing
import QuorumCore
@testable import QuorumGossip

/// The oracle judges lost writes from the client history alone.
@Suite("Acknowledged-write oracle")
struct AcknowledgedWriteOracleTests {
    /// Builds a history from (client, operation, output) in order, one millisecond apart.
    func history(_ steps: [(Int, ClientOperation, OperationOutput)]) -> [HistoryEntry] {
        steps.enumerated().map { index, step in
            var entry = HistoryEntry(id: index, client: ClientID(step.0), sequence: UInt64(index + 1), operation: step.1,
                                     invokedAt: .millis(Int64(index * 10)))
            entry.completedAt = .millis(Int64(index * 10 + 5))
            entry.outcome = .ok(step.2)
            return entry
        }
    }

    func unaccounted(_ steps: [(Int, ClientOperation, OperationOutput)], readable: [String], blind: Bool = false) -> [String] {
        AcknowledgedWriteOracle(blindWrites: blind).unaccountedWrites(in: history(steps), readable: ["k": readable]).map { entry in
            if case .set(_, let value) = entry.operation { return value } else { return "?" }
        }
    }

    @Test("a write replaced by one whose client never saw it is unaccounted for")
    func blindReplacementIsLost() {
        #expect(unaccounted([(0, .set(key: "k", value: "A"), .done), (1, .set(key: "k", value: "B"), .done)], readable: ["B"]) == ["A"])
    }

    @Test("a write replaced by one whose client read it, directly or through a later write, is accounted for")
    func seenReplacementIsNotLost() {
        let steps: [(Int, ClientOperation, OperationOutput)] = [
            (0, .set(key: "k", value: "A"), .done),
            (1, .get(key: "k"), .value("A")), (1, .set(key: "k", value: "B"), .done),
            (2, .get(key: "k"), .value("B")), (2, .set(key: "k", value: "C"), .done),
        ]
        #expect(unaccounted(steps, readable: ["C"]).isEmpty)
        #expect(unaccounted(steps, readable: ["C"], blind: true) == ["A", "B"], "blind writes carry no context")
    }

    @Test("a client that writes twice without reading in between leaves its first write unseen")
    func ownWriteIsNotSeenWithoutARead() {
        #expect(unaccounted([(0, .set(key: "k", value: "A"), .done), (0, .set(key: "k", value: "B"), .done)], readable: ["B"]) == ["A"])
    }

    // The issue's sequence, as clients saw it: A acknowledged; C written blind by another client;
    // a read returns C alone; its reader's write D leaves only D. No client saw A.
    @Test("a read that returned only C does not account for A")
    func theIssueSequenceIsCaught() {
        let steps: [(Int, ClientOperation, OperationOutput)] = [
            (0, .set(key: "k", value: "A"), .done),
            (2, .set(key: "k", value: "C"), .done),
            (1, .get(key: "k"), .value("C")), (1, .set(key: "k", value: "D"), .done),
        ]
        #expect(unaccounted(steps, readable: ["D"]) == ["A"])
        #expect(unaccounted(steps, readable: ["A", "D"]).isEmpty, "A still readable as a sibling")
    }
}
