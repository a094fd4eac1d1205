import QuorumCore

/// What a run of the store did to its clients, judged from the history and the replicas:
/// stale reads, lost writes, reads of writes reported as failed, convergence.
public enum StoreRunAnalysis {
    /// The writes of the history by key and value (values written by the workload are unique),
    /// as history ids.
    struct WriteIndex {
        var byValue: [String: [String: Int]] = [:]

        init(_ history: [HistoryEntry]) {
            for entry in history {
                guard case .set(let key, let value) = entry.operation else { continue }
                if byValue[key]?[value] == nil { byValue[key, default: [:]][value] = entry.id }
            }
        }

        func write(of value: String?, key: String) -> Int? { value.flatMap { byValue[key]?[$0] } }
    }

    static func acknowledged(_ entry: HistoryEntry) -> Bool {
        if case .ok(.done) = entry.outcome { return true } else { return false }
    }

    /// True when write `a` was acknowledged before write or read `b` was invoked (real-time order).
    static func precedes(_ a: HistoryEntry, _ b: HistoryEntry) -> Bool {
        guard acknowledged(a), let end = a.completedAt else { return false }
        return end < b.invokedAt
    }

    /// Reads that missed a write acknowledged before they began: they returned nothing, or a value
    /// whose write was acknowledged before that later write was even invoked. History ids, in order.
    public static func staleReads(_ history: [HistoryEntry]) -> [Int] {
        let writes = WriteIndex(history)
        // Per key, the acknowledged writes by completion time, with the latest invocation among
        // those completed so far: a read is stale when some write completed before it began was
        // invoked after its value's write completed.
        var completions: [String: [(completed: SimTime, latestInvoked: SimTime)]] = [:]
        for entry in history where acknowledged(entry) {
            guard case .set(let key, _) = entry.operation, let completed = entry.completedAt else { continue }
            completions[key, default: []].append((completed, entry.invokedAt))
        }
        for key in completions.keys.sorted() {
            var list = completions[key]!
            list.sort { $0.completed < $1.completed }
            for index in list.indices.dropFirst() where list[index - 1].latestInvoked > list[index].latestInvoked {
                list[index].latestInvoked = list[index - 1].latestInvoked
            }
            completions[key] = list
        }
        var stale: [Int] = []
        for read in history {
            guard case .get(let key) = read.operation, case .ok(.value(let value)) = read.outcome, let list = completions[key] else { continue }
            // The last write completed before the read began.
            var low = 0, high = list.count
            while low < high {
                let middle = (low + high) / 2
                if list[middle].completed < read.invokedAt { low = middle + 1 } else { high = middle }
            }
            guard low > 0 else { continue }
            let latestInvoked = list[low - 1].latestInvoked
            if let source = writes.write(of: value, key: key) {
                let write = history[source]
                if acknowledged(write), let completed = write.completedAt, completed < latestInvoked { stale.append(read.id) }
            } else if value == nil {
                stale.append(read.id)
            }
        }
        return stale
    }

    /// Reads that returned the value of a write its client was told had failed or timed out
    /// (the outcome "unknown" is the honest record of that: the write landed after all). A write
    /// still pending has told its client nothing yet, so reading it is no such read.
    public static func readsOfUnacknowledgedWrites(_ history: [HistoryEntry]) -> [Int] {
        let writes = WriteIndex(history)
        return history.compactMap { read -> Int? in
            guard case .get(let key) = read.operation, case .ok(.value(let value)) = read.outcome,
                  let source = writes.write(of: value, key: key), toldFailedOrUnknown(history[source]) else { return nil }
            return read.id
        }
    }

    static func toldFailedOrUnknown(_ entry: HistoryEntry) -> Bool {
        switch entry.outcome {
        case .failed, .unknown: return true
        case .ok, .pending: return false
        }
    }

    /// Acknowledged writes whose value is gone from every replica once they converged, although
    /// the value that survived was written before they began (a later write lost to an earlier
    /// one, as last-write-wins does when the earlier coordinator's clock runs ahead).
    public static func lostWrites(_ history: [HistoryEntry], surviving: [String: Cell]) -> [Int] {
        let writes = WriteIndex(history)
        var lost: [Int] = []
        for entry in history where acknowledged(entry) {
            guard case .set(let key, let value) = entry.operation else { continue }
            let survivor = surviving[key]
            if survivor?.value == value { continue }
            let source = writes.write(of: survivor?.value, key: key)
            if survivor == nil || source.map({ precedes(history[$0], entry) }) == true { lost.append(entry.id) }
        }
        return lost
    }

    /// The newest cell of every key over all nodes (what the replicas converge to).
    public static func surviving(_ simulator: Simulator<StoreNode>) -> [String: Cell] {
        var result: [String: Cell] = [:]
        for slot in simulator.nodes {
            for (key, cell) in slot.storage.cells { result[key] = Cell.newest(result[key], cell) }
        }
        return result
    }

    /// Every replica of every key holds the newest cell, and no hints are left.
    public static func converged(_ simulator: Simulator<StoreNode>) -> Bool {
        guard let ring = simulator.nodes.first?.state.ring else { return true }
        let surviving = surviving(simulator)
        for key in surviving.keys.sorted() {
            for replica in ring.replicas(of: key) where simulator.nodes[replica.index].storage.cells[key] != surviving[key] { return false }
        }
        return simulator.nodes.allSatisfy { $0.storage.hints.isEmpty }
    }

    /// Requests refused as unavailable, and requests whose outcome is unknown (timeouts).
    public static func unavailable(_ history: [HistoryEntry]) -> Int {
        history.count { if case .failed(let reason) = $0.outcome { return reason.hasPrefix("unavailable") } else { return false } }
    }

    public static func timeouts(_ history: [HistoryEntry]) -> Int {
        history.count { $0.outcome == .unknown }
    }
}
