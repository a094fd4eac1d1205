import QuorumCore

/// Checks the five safety properties of Raft (Figure 3) after every step of a run.
///
/// Checking is incremental so that it can run after every event of long runs: logs are compared by
/// their prefix fingerprints, and only the entries that changed since the last check are examined.
public struct RaftInvariantChecker: Sendable {
    public private(set) var violations: [String] = []

    private let nodeCount: Int
    /// Election Safety: the leader seen for each term.
    private var leaderOfTerm: [Int: NodeID] = [:]
    /// Leader Append-Only: per node, the (term, log length, fingerprint) seen while it led.
    private var leaderObservation: [(term: Int, length: Int, hash: UInt64)?]
    /// Log Matching: the prefix fingerprints of every node's log at the last check.
    private var shadowHashes: [[UInt64]]
    private var shadowTerms: [[Int]]
    /// The committed prefix, as fingerprints, and per index the term in which it was committed: the
    /// lowest term of any node seen holding it committed. A leader that shows an index committed
    /// committed it in its term or earlier, and a follower learned it from a leader of its term, so
    /// every observation bounds the commit term from above; the committing leader itself, seen
    /// after the step in which it committed, gives the exact term.
    private var committedHashes: [UInt64] = []
    private(set) var committedInTerm: [Int] = []
    private var alarmed: [Bool]

    public init(nodeCount: Int) {
        self.nodeCount = nodeCount
        leaderObservation = Array(repeating: nil, count: nodeCount)
        shadowHashes = Array(repeating: [], count: nodeCount)
        shadowTerms = Array(repeating: [], count: nodeCount)
        alarmed = Array(repeating: false, count: nodeCount)
    }

    public var isClean: Bool { violations.isEmpty }

    /// Checks the current state of every running node. Returns the number of new violations.
    @discardableResult
    public mutating func check(_ simulator: Simulator<RaftNode>) -> Int {
        let before = violations.count
        let live = simulator.nodes.filter { $0.status != .crashed }.map(\.state)
        check(nodes: live, at: simulator.now)
        return violations.count - before
    }

    /// Checks a set of node states (tests drive this directly).
    public mutating func check(nodes: [RaftNode], at time: SimTime) {
        for node in nodes {
            checkElectionSafety(node, time)
            checkLeaderAppendOnly(node, time)
            checkLogMatching(node, against: nodes, time)
        }
        for node in nodes { checkCommitted(node, time) }
        for node in nodes { lowerCommitTerms(through: min(node.commitIndex, committedInTerm.count), to: node.currentTerm) }
        for node in nodes where node.role == .leader { checkLeaderCompleteness(node, time) }
        for node in nodes { checkStateMachineSafety(node, time) }
        for node in nodes where node.safetyAlarm != nil && !alarmed[node.id.index] {
            alarmed[node.id.index] = true
            report(time, node.safetyAlarmProperty, "\(node.id): \(node.safetyAlarm!)")
        }
    }

    private mutating func report(_ time: SimTime, _ property: String, _ detail: String) {
        guard violations.count < 100 else { return }
        violations.append("\(time) \(property): \(detail)")
    }

    /// At most one leader can be elected in a given term (§5.2).
    private mutating func checkElectionSafety(_ node: RaftNode, _ time: SimTime) {
        guard node.role == .leader else { return }
        if let existing = leaderOfTerm[node.currentTerm], existing != node.id {
            report(time, "Election Safety", "\(existing) and \(node.id) both leaders in term \(node.currentTerm)")
        } else {
            leaderOfTerm[node.currentTerm] = node.id
        }
    }

    /// A leader never overwrites or deletes entries in its log; it only appends (§5.3).
    private mutating func checkLeaderAppendOnly(_ node: RaftNode, _ time: SimTime) {
        let index = node.id.index
        guard node.role == .leader else {
            leaderObservation[index] = nil
            return
        }
        if let seen = leaderObservation[index], seen.term == node.currentTerm,
           node.log.lastIndex < seen.length || node.log.prefixHash(through: seen.length) != seen.hash {
            report(time, "Leader Append-Only", "leader \(node.id) of term \(node.currentTerm) changed its log below index \(seen.length)")
        }
        leaderObservation[index] = (node.currentTerm, node.log.lastIndex, node.log.prefixHash(through: node.log.lastIndex))
    }

    /// If two logs contain an entry with the same index and term, the logs are identical in all
    /// entries up through that index (§5.3). Only indices that changed since the last check can
    /// newly break it, so only those are compared.
    private mutating func checkLogMatching(_ node: RaftNode, against nodes: [RaftNode], _ time: SimTime) {
        let index = node.id.index
        let firstChanged = firstChangedIndex(of: node)
        guard firstChanged <= node.log.lastIndex || shadowHashes[index].count != node.log.lastIndex else { return }
        if firstChanged <= node.log.lastIndex {
            for other in nodes where other.id != node.id {
                let end = min(node.log.lastIndex, other.log.lastIndex)
                guard firstChanged <= end else { continue }
                for position in firstChanged...end where node.log.term(at: position) == other.log.term(at: position)
                    && node.log.prefixHash(through: position) != other.log.prefixHash(through: position) {
                    report(time, "Log Matching", "\(node.id) and \(other.id) agree on the term at index \(position) but not on the entries up to it")
                    break
                }
            }
        }
        syncShadow(of: node, from: firstChanged)
    }

    /// The first index whose fingerprint differs from the last check's. Fingerprints chain, so the
    /// set of unchanged indices is a prefix and binary search finds its end.
    private func firstChangedIndex(of node: RaftNode) -> Int {
        let shadow = shadowHashes[node.id.index]
        var low = 0
        var high = min(shadow.count, node.log.lastIndex)
        while low < high {
            let middle = (low + high + 1) / 2
            if shadow[middle - 1] == node.log.prefixHash(through: middle) { low = middle } else { high = middle - 1 }
        }
        return low + 1
    }

    private mutating func syncShadow(of node: RaftNode, from firstChanged: Int) {
        let index = node.id.index
        shadowHashes[index].removeSubrange(min(firstChanged - 1, shadowHashes[index].count)...)
        shadowTerms[index].removeSubrange(min(firstChanged - 1, shadowTerms[index].count)...)
        guard firstChanged <= node.log.lastIndex else { return }
        for position in firstChanged...node.log.lastIndex {
            shadowHashes[index].append(node.log.prefixHash(through: position))
            shadowTerms[index].append(node.log.term(at: position)!)
        }
    }

    /// Every node's committed prefix agrees with every other's (committed entries never change).
    private mutating func checkCommitted(_ node: RaftNode, _ time: SimTime) {
        let commit = node.commitIndex
        guard commit <= node.log.lastIndex else {
            report(time, "Commit", "\(node.id) has commitIndex \(commit) beyond its last entry \(node.log.lastIndex)")
            return
        }
        if commit <= committedHashes.count {
            if commit > 0, node.log.prefixHash(through: commit) != committedHashes[commit - 1] {
                report(time, "State Machine Safety", "\(node.id) committed a different entry sequence up to index \(commit)")
            }
            return
        }
        if !committedHashes.isEmpty, node.log.prefixHash(through: committedHashes.count) != committedHashes[committedHashes.count - 1] {
            report(time, "State Machine Safety", "\(node.id) extends a committed prefix it does not share")
        }
        for position in (committedHashes.count + 1)...commit {
            committedHashes.append(node.log.prefixHash(through: position))
            committedInTerm.append(node.currentTerm)
        }
    }

    /// Entries up to `index` were committed no later than `term`. Commit terms grow with the index,
    /// so only a suffix of the prefix can change and the walk stops at the first that does not.
    private mutating func lowerCommitTerms(through index: Int, to term: Int) {
        var position = index - 1
        while position >= 0, committedInTerm[position] > term {
            committedInTerm[position] = term
            position -= 1
        }
    }

    /// If an entry is committed in a term, it is present in the logs of the leaders of all higher
    /// terms (§5.4).
    private mutating func checkLeaderCompleteness(_ leader: RaftNode, _ time: SimTime) {
        // Entries first committed in terms below the leader's: a prefix, since commit terms only grow.
        var low = 0
        var high = committedInTerm.count
        while low < high {
            let middle = (low + high) / 2
            if committedInTerm[middle] < leader.currentTerm { low = middle + 1 } else { high = middle }
        }
        let required = low
        guard required > 0 else { return }
        if leader.log.lastIndex < required || leader.log.prefixHash(through: required) != committedHashes[required - 1] {
            report(time, "Leader Completeness", "leader \(leader.id) of term \(leader.currentTerm) lacks entries committed up to index \(required)")
        }
    }

    /// If a server has applied an entry at an index, no other server ever applies a different entry
    /// at that index (§5.4.3). Checked on what the state machine actually applied.
    private mutating func checkStateMachineSafety(_ node: RaftNode, _ time: SimTime) {
        let applied = node.lastApplied
        guard applied > 0 else { return }
        guard applied <= committedHashes.count, node.stateMachine.appliedCount == applied,
              node.stateMachine.appliedHash == committedHashes[applied - 1] else {
            report(time, "State Machine Safety", "\(node.id) applied entries 1...\(applied) that differ from the committed log")
            return
        }
    }
}
